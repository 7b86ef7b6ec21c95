import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SessionService } from '@nest-sessions/session';
import type { Request } from 'express';
import { MessageException } from '../common/http/message.exception.js';
import { securityConfig } from '../config/security.config.js';
import { message } from '../i18n/messages.js';
import { AuthEvents } from './auth-events.js';
import { clientAddressOf } from './client-address.js';
import { MongoThrottlerStorage } from './mongo-throttler.storage.js';

/**
 * Bounds the sessions clients without a cookie can make: at most
 * `newSessionsPerIp` new sessions per address (IPv6: per /64) in a window of
 * `newSessionsWindowMs`, counted in the app's database (MongoThrottlerStorage,
 * @nestjs/throttler's storage interface), so the bound holds across every
 * instance of the app.
 *
 * Counted only when a session is about to be stored for the first time
 * (admitIfNew, just before SessionService.commit): a visitor who only reads
 * pages costs nothing, and one whose browser keeps its cookie makes one
 * session. Logins are bounded per account instead (SESSIONS_PER_ACCOUNT).
 * A handler that does more than store a session for a new visitor (a
 * registration creates an account) reserves the session before it acts, so
 * that a refusal never comes after what it refuses was done.
 */
@Injectable()
export class NewSessionLimiter {
  private readonly admitted = new WeakSet<Request>();

  constructor(
    @Inject(securityConfig.KEY)
    private readonly config: ConfigType<typeof securityConfig>,
    private readonly storage: MongoThrottlerStorage,
    private readonly events: AuthEvents,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Before the first save of the request's session: counted against its
   * address; past the limit, the session is forgotten (not stored, no
   * cookie) and a 429 with Retry-After is thrown.
   */
  async admitIfNew(req: Request): Promise<void> {
    if (this.admitted.has(req) || !this.sessions.isNew(req)) return;
    if (req.session?.loggedin === true) return;
    try {
      await this.count(req);
    } catch (error) {
      this.sessions.forget(req);
      throw error;
    }
  }

  /** Before a handler that will store a session for a visitor without one: counted now, refused before it acts. */
  async reserve(req: Request): Promise<void> {
    if (req.session && this.sessions.store.isStored(req.session)) return;
    await this.count(req);
    this.admitted.add(req);
  }

  private async count(req: Request): Promise<void> {
    const { isBlocked, timeToExpire } = await this.storage.increment(
      `new-session:${clientAddressOf(req)}`,
      this.config.newSessionsWindowMs,
      this.config.newSessionsPerIp,
      0,
      'new-sessions',
    );
    if (!isBlocked) return;
    this.events.record(req, 'session.new_refused', {
      retryAfterSeconds: timeToExpire,
    });
    req.res?.setHeader('Retry-After', String(timeToExpire));
    throw new MessageException(
      HttpStatus.TOO_MANY_REQUESTS,
      message(
        'Too many new sessions from your address. Try again in %{count} seconds.',
        { count: timeToExpire },
      ),
    );
  }
}
