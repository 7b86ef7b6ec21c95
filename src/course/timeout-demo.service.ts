import { Inject, Injectable } from '@nestjs/common';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import type { Request, Response } from 'express';
import { LoginMarker } from '../auth/login-marker.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { rawCookie } from '../common/raw-cookie.js';
import { FlashService } from '../flash/flash.service.js';
import './course-session.types.js';

/** The session lifetime the demo gives: Flask's `permanent_session_lifetime`, shortened. */
export const TIMEOUT_DEMO_MS = 20_000;

/** How long after the session's end a browser coming back is still told it expired. */
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
 * "Let my session expire in 20 seconds": the session's cookie gets a maxAge
 * of 20 s (`req.session.cookie.maxAge`, express-session's own), which the
 * store enforces as it does the idle timeout: 20 s without a request and the
 * session is gone, each request giving it 20 s more, as Flask's
 * `permanent_session_lifetime` does.
 *
 * The browser drops the cookie at the end too, so a marker cookie
 * (`<session cookie>_timeout`, the end and a prefix of the session's storage
 * key, nothing that opens it) lets a browser coming back be told "Your
 * session has expired", once. A forged marker only shows its sender a notice.
 */
@Injectable()
export class TimeoutDemoService {
  constructor(
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
    private readonly login: LoginMarker,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get markerName(): string {
    return `${this.sessions.cookieName}_timeout`;
  }

  /** Whether the demo shortens the session: only when its lifetime is below the idle timeout. */
  get available(): boolean {
    return TIMEOUT_DEMO_MS < this.sessions.store.idleMs;
  }

  start(req: Request, res: Response): DemoStart {
    if (!this.available)
      return { started: false, reason: 'idle-timeout-shorter' };
    const session = req.session;
    session.cookie.maxAge = TIMEOUT_DEMO_MS;
    // express-session's setter reads the clock twice and can leave originalMaxAge a millisecond short.
    session.cookie.originalMaxAge = TIMEOUT_DEMO_MS;
    session.timeoutDemo = new Date().toISOString();
    const expiresAt = this.clock() + TIMEOUT_DEMO_MS;
    this.setMarker(req, res, expiresAt);
    return { started: true, expiresAt };
  }

  /**
   * Whether this session runs the demo's lifetime: a cookie maxAge no longer
   * than the demo's, which nothing else gives while the demo is available.
   * Not an exact match: express-session's touch sets maxAge again on each
   * response, and can shave a millisecond off originalMaxAge.
   */
  running(session: RequestSession | undefined): boolean {
    const maxAge = session?.cookie.originalMaxAge;
    return (
      this.available && typeof maxAge === 'number' && maxAge <= TIMEOUT_DEMO_MS
    );
  }

  /** The countdown while the demo runs; null otherwise. */
  countdown(session: RequestSession | undefined): DemoCountdown | null {
    if (!session || !this.running(session)) return null;
    const expiresAt = this.sessions.expiresAt(session);
    if (!expiresAt) return null;
    const left = expiresAt.getTime() - this.clock();
    if (left <= 0) return null;
    return {
      expiresAt,
      expiresInMs: left,
      secondsLeft: Math.ceil(left / 1000),
    };
  }

  /**
   * On every request: while the demo runs, the marker follows the session's
   * end; once a browser comes back without that session (expired, its cookie
   * dropped), it is told so, once, and the marker goes.
   */
  noticeExpiry(req: Request, res: Response): void {
    const raw = rawCookie(req.headers.cookie, this.markerName);
    if (raw === undefined) return;
    const session = req.session as RequestSession | undefined;
    // The session could not be loaded (database down): nothing is known yet, the marker waits.
    if (!session) return;
    const marker = parseMarker(raw);
    const sent = sentSessionId(req, this.sessions.cookieName);
    if (marker && sent === req.sessionID && this.running(session)) {
      const expiresAt = this.sessions.expiresAt(session);
      if (expiresAt) this.setMarker(req, res, expiresAt.getTime());
      return;
    }
    res.clearCookie(this.markerName, this.sessions.cookieOptions);
    if (!marker || sent === req.sessionID) return;
    const ended =
      sent === undefined
        ? marker.expiresAt <= this.clock()
        : this.tagOf(sent) === marker.tag;
    // A logged-in session that ended is told so already, by the login's marker.
    const toldByLogin = this.login.sentBy(req) && session.loggedin !== true;
    if (ended && !toldByLogin)
      this.flash.flash(session, 'Your session has expired', 'warning');
  }

  private setMarker(req: Request, res: Response, expiresAt: number): void {
    res.cookie(this.markerName, `${expiresAt}.${this.tagOf(req.sessionID)}`, {
      ...this.sessions.cookieOptions,
      maxAge: expiresAt - this.clock() + TIMEOUT_MARKER_MAX_AGE_MS,
    });
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
