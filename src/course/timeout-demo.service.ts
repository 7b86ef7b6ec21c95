import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashService } from '../flash/flash.service.js';
import { rawCookie } from '../session/raw-cookie.js';
import {
  SessionService,
  type RequestSession,
} from '../session/session.service.js';
import './course-session.types.js';

/** How soon the demo ends the visitor's session. */
export const TIMEOUT_DEMO_MS = 20_000;

/** How long after the demo's end a browser coming back is still told its session expired. */
export const TIMEOUT_MARKER_MAX_AGE_MS = 30 * 60_000;

/** Enough of the storage key to tell the demo's session from a later one, not to find it. */
const TAG_LENGTH = 16;

export type DemoStart =
  | { started: true; expiresAt: number }
  | { started: false; reason: 'idle-timeout-shorter' };

/** The timeout demo's state on the page: the countdown, while it runs. */
export interface DemoCountdown {
  expiresAt: Date;
  /** Milliseconds left when the page was made: the script counts down from here, whatever the browser's clock says. */
  expiresInMs: number;
  secondsLeft: number;
}

interface Marker {
  expiresAt: number;
  tag: string;
}

/**
 * "Let my session expire in 20 seconds": a deadline for this session alone
 * (SessionService.setDeadline: the store ends it at the earliest of the
 * deadline and the configured timeouts), and a marker cookie so that the
 * browser coming back is told its session expired, as a login's marker
 * cookie does for logins.
 *
 * The marker (`sid_timeout`) holds the end and a prefix of the session's
 * storage key, nothing that opens the session. After the end, the first
 * request that brings it is told "Your session has expired" if it still
 * carries that session's cookie and the store no longer served it; the
 * marker is then removed, whatever the outcome. A forged marker only shows
 * its sender a notice.
 */
@Injectable()
export class TimeoutDemoService {
  constructor(
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
  ) {}

  get markerName(): string {
    return `${this.sessions.cookieName}_timeout`;
  }

  /** Whether the demo may shorten sessions: only to less than the idle timeout. */
  get available(): boolean {
    return TIMEOUT_DEMO_MS < this.sessions.idleMs;
  }

  start(req: Request, res: Response): DemoStart {
    if (!this.available)
      return { started: false, reason: 'idle-timeout-shorter' };
    const session = req.session;
    const now = this.sessions.now();
    this.sessions.setDeadline(session, now + TIMEOUT_DEMO_MS);
    const expiresAt =
      this.sessions.expiresAt(session)?.getTime() ?? now + TIMEOUT_DEMO_MS;
    session.timeoutDemo = new Date(expiresAt).toISOString();
    res.cookie(this.markerName, `${expiresAt}.${this.tagOf(req.sessionID)}`, {
      ...this.sessions.cookieOptions,
      maxAge: expiresAt - now + TIMEOUT_MARKER_MAX_AGE_MS,
    });
    return { started: true, expiresAt };
  }

  /** The countdown while the demo's deadline is ahead; null otherwise. */
  countdown(session: RequestSession | undefined): DemoCountdown | null {
    if (!session || this.sessions.deadlineOf(session) === null) return null;
    const expiresAt = this.sessions.expiresAt(session);
    if (!expiresAt) return null;
    const left = expiresAt.getTime() - this.sessions.now();
    if (left <= 0) return null;
    return {
      expiresAt,
      expiresInMs: left,
      secondsLeft: Math.ceil(left / 1000),
    };
  }

  /** Tells a browser back after the demo's end that its session expired (once), and drops the marker. */
  noticeExpiry(req: Request, res: Response): void {
    const raw = rawCookie(req.headers.cookie, this.markerName);
    if (raw === undefined) return;
    const marker = parseMarker(raw);
    if (marker && this.sessions.now() < marker.expiresAt) return;
    const session = req.session as RequestSession | undefined;
    // The session could not be loaded (database down): nothing is known yet, the marker waits.
    if (marker && !session) return;
    res.clearCookie(this.markerName, this.sessions.cookieOptions);
    if (!marker || !session) return;
    const sent = sentSessionId(req, this.sessions.cookieName);
    const expired =
      sent !== undefined &&
      sent !== req.sessionID &&
      this.tagOf(sent) === marker.tag;
    // A logged-in session that ended is told so already, by the login's marker.
    const toldByLogin =
      this.sessions.hasLoginCookie(req) && session.loggedin !== true;
    if (expired && !toldByLogin)
      this.flash.flash(session, 'Your session has expired', 'warning');
  }

  private tagOf(sessionId: string): string {
    return this.sessions.store.keyOf(sessionId).slice(0, TAG_LENGTH);
  }
}

function parseMarker(raw: string): Marker | null {
  const match = /^(\d{1,16})\.([0-9a-f]{16})$/.exec(raw);
  return match ? { expiresAt: Number(match[1]), tag: match[2] } : null;
}

/** The session ID of the cookie the browser sent (its signature is express-session's to check). */
function sentSessionId(req: Request, cookieName: string): string | undefined {
  const raw = rawCookie(req.headers.cookie, cookieName);
  if (raw === undefined) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!value.startsWith('s:')) return undefined;
  const dot = value.lastIndexOf('.');
  return dot > 2 ? value.slice(2, dot) : undefined;
}
