import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashService } from '../../flash/flash.service.js';
import type { FlashMessage } from '../../flash/flash.types.js';
import type { SessionUser } from '../../auth/auth-session.types.js';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import { APP_SESSION_KEYS } from '../session-keys.js';

export interface SessionView {
  /** The visitor's own keys and values, for display only. */
  values: Record<string, unknown>;
  keys: { key: string; value: unknown }[];
  loggedin: boolean;
  permanent: boolean;
  /** When the session ends if the visitor stays idle (null: no stored session yet). */
  expiresAt: Date | null;
}

export interface ViewLocals {
  session: SessionView;
  flashes: FlashMessage[];
  currentUser: SessionUser | null;
  currentPath: string;
}

/**
 * What every rendered page receives, built in one place for the interceptor
 * (normal pages) and the exception filter (error pages and refused forms).
 */
@Injectable()
export class ViewLocalsService {
  constructor(
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
  ) {}

  /** Builds the locals; reading the flash messages consumes them. */
  build(req: Request, res: Response): ViewLocals & Record<string, unknown> {
    const current = req.session as RequestSession | undefined;
    const loggedin = current?.loggedin === true;
    return {
      ...(res.locals as Record<string, unknown>),
      session: current ? this.sessionView(current) : emptySessionView(),
      flashes: current
        ? this.flash.getFlashedMessages(current, { withCategories: true })
        : [],
      currentUser: loggedin && current?.user ? current.user : null,
      currentPath: req.path,
    };
  }

  sessionView(current: RequestSession): SessionView {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(current)) {
      if (!APP_SESSION_KEYS.has(key)) values[key] = value;
    }
    return {
      values,
      keys: Object.entries(values).map(([key, value]) => ({ key, value })),
      loggedin: current.loggedin === true,
      permanent: this.sessions.isPermanent(current),
      expiresAt: this.sessions.expiresAt(current) ?? null,
    };
  }
}

function emptySessionView(): SessionView {
  return {
    values: {},
    keys: [],
    loggedin: false,
    permanent: false,
    expiresAt: null,
  };
}
