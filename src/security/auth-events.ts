import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { SessionService } from '@nest-sessions/session';
import { clientAddressOf } from './client-address.js';
import { requestIdOf } from './request-id.js';

/** Everything the app records about authentication, by name. */
export type AuthEvent =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'logout'
  | 'registration'
  | 'registration.throttled'
  | 'password.changed'
  | 'password.check_failed'
  | 'password.confirmed'
  | 'password.throttled'
  | 'session.revoked'
  | 'sessions.revoked'
  | 'session.new_refused'
  | 'csrf.refused';

/** Events an operator watches for: logged as warnings. */
const WARNINGS: ReadonlySet<AuthEvent> = new Set<AuthEvent>([
  'login.failed',
  'login.throttled',
  'registration.throttled',
  'password.check_failed',
  'password.throttled',
  'session.new_refused',
  'csrf.refused',
]);

export type EventFields = Record<string, string | number | boolean | undefined>;

/**
 * Authentication events as structured log records (context `AuthEvents`):
 * the event's name, the request's ID (X-Request-Id), the client's address,
 * the method and path, and what the event adds: the email tried, the user's
 * ID, a session's reference (the first 8 hex digits of its storage key,
 * which open nothing), a limit and its wait. Never a password, a token or a
 * session ID. With LOG_FORMAT=json each is one JSON line, its fields at the
 * top level; otherwise one text line.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('AuthEvents');

  constructor(private readonly sessions: SessionService) {}

  record(req: Request, event: AuthEvent, fields: EventFields = {}): void {
    const record = {
      event,
      requestId: requestIdOf(req),
      ip: clientAddressOf(req),
      method: req.method,
      path: req.path,
      ...fields,
    };
    if (WARNINGS.has(event)) this.logger.warn(event, record);
    else this.logger.log(event, record);
  }

  /** The reference of the session with this ID, as the logs show it. */
  sessionRef(sessionId: string | undefined): string | undefined {
    return sessionId
      ? sessionRefOf(this.sessions.store.keyOf(sessionId))
      : undefined;
  }
}

/**
 * A short reference to a stored session: its key's first 8 hex digits. Tells
 * one user's sessions apart, on a page or in a log; opens nothing.
 */
export function sessionRefOf(storageKey: string): string {
  return storageKey.slice(0, 8);
}
