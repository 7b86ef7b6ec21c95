import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SessionService } from '@nest-sessions/session';
import type { Request } from 'express';
import { CLOCK, type Clock } from '../common/clock.js';
import { MessageException } from '../common/http/message.exception.js';
import { securityConfig } from '../config/security.config.js';
import { message } from '../i18n/messages.js';
import { AuthEvents } from './auth-events.js';
import { clientAddressOf } from './client-address.js';

/** Addresses remembered at most; past it, windows that ended are dropped, then the oldest. */
const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Bounds the sessions a client without a cookie can make: at most
 * `newSessionsPerIp` new sessions per address (IPv6: per /64) in a window of
 * `newSessionsWindowMs`. Asked (admitIfNew) just before the app saves a
 * session (SessionService.commit) that nothing has stored yet, so requests
 * that store nothing (reading a page, the login form) are never counted and
 * cost nothing; a visitor whose browser keeps its cookie makes one session,
 * and the limit is far from it. Logins are not counted here: the login
 * throttle bounds them.
 *
 * Counted in memory, in fixed windows: no database write, but each instance
 * counts on its own (N instances allow N times the limit), and a restart
 * starts afresh. The edge (a proxy's rate limiting) is the place for more.
 */
@Injectable()
export class NewSessionLimiter {
  private readonly windows = new Map<
    string,
    { start: number; count: number }
  >();

  constructor(
    @Inject(securityConfig.KEY)
    private readonly config: ConfigType<typeof securityConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly events: AuthEvents,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Counts the request's session for its address when it is about to be
   * stored for the first time; past the limit, the session is forgotten (not
   * stored, no cookie) and a 429 with Retry-After is thrown.
   */
  admitIfNew(req: Request): void {
    if (!this.sessions.isNew(req)) return;
    try {
      this.admit(req);
    } catch (error) {
      this.sessions.forget(req);
      throw error;
    }
  }

  private admit(req: Request): void {
    if (req.session?.loggedin === true) return;
    const now = this.clock();
    const address = clientAddressOf(req);
    let window = this.windows.get(address);
    if (!window || now - window.start >= this.config.newSessionsWindowMs) {
      this.windows.delete(address);
      window = { start: now, count: 0 };
      this.windows.set(address, window);
      this.prune(now);
    }
    if (window.count >= this.config.newSessionsPerIp) {
      const seconds = Math.max(
        1,
        Math.ceil(
          (window.start + this.config.newSessionsWindowMs - now) / 1000,
        ),
      );
      this.events.record(req, 'session.new_refused', {
        retryAfterSeconds: seconds,
      });
      req.res?.setHeader('Retry-After', String(seconds));
      throw new MessageException(
        HttpStatus.TOO_MANY_REQUESTS,
        message(
          'Too many new sessions from your address. Try again in %{count} seconds.',
          { count: seconds },
        ),
      );
    }
    window.count += 1;
  }

  private prune(now: number): void {
    if (this.windows.size <= MAX_TRACKED_ADDRESSES) return;
    for (const [address, { start }] of this.windows)
      if (now - start >= this.config.newSessionsWindowMs)
        this.windows.delete(address);
    for (const address of this.windows.keys()) {
      if (this.windows.size <= MAX_TRACKED_ADDRESSES) break;
      this.windows.delete(address);
    }
  }
}
