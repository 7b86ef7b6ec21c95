import {
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { SessionTooLargeError } from './errors.js';
import type { RequestSession } from './session-data.js';
import { SessionStore } from './session-store.js';
import {
  cookieAttributesOf,
  sessionMiddleware,
  type CookieAttributes,
} from './session.middleware.js';
import {
  SESSION_MODULE_OPTIONS,
  type SessionModuleOptions,
} from './session.options.js';

/** Which keys come along when a session gets a new ID. */
export interface RegenerateOptions {
  /** `all` of the session's keys, or these only. */
  carry: 'all' | readonly string[];
  /** Keys never carried (a login's own, which the caller sets again). */
  except?: readonly string[];
}

/** What a 503 from a failed save says: nothing the visitor did was kept. */
export const SESSION_NOT_SAVED_MESSAGE =
  'Your session could not be saved, so nothing was changed. Please try again in a moment.';

/** What a 413 from a session grown past its limit says. */
export const SESSION_TOO_LARGE_MESSAGE =
  'Your session would grow too large, so this change was not kept. Remove some of its keys, then try again.';

/**
 * The session layer as an app uses it: the middleware, a new ID that keeps
 * what it should (against fixation), the one save path (commit), counters
 * that parallel requests all count, persistence, and the session's times.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  /** The session a request had before regenerate(), until commit() deletes its record. */
  private readonly replaced = new WeakMap<Request, RequestSession>();

  constructor(
    @Inject(SESSION_MODULE_OPTIONS)
    private readonly options: SessionModuleOptions,
  ) {}

  get store(): SessionStore {
    return this.options.store;
  }

  get cookieName(): string {
    return this.options.cookie?.name ?? 'sid';
  }

  /** The session cookie's attributes: the ones to give any other cookie the app sets. */
  get cookieOptions(): CookieAttributes {
    return cookieAttributesOf(this.options);
  }

  /** express-session, set up for the store: `app.use(sessions.middleware())`. */
  middleware(): RequestHandler {
    return sessionMiddleware(this.options, this.cookieName);
  }

  /**
   * Gives the visitor a new session ID, carrying the keys asked for (and the
   * persistence, when all are carried). The old record is deleted by
   * commit(), once the new one is stored: deleting it first, as
   * express-session's regenerate does, would lose the visitor's session when
   * the new one then fails to save.
   */
  regenerate(req: Request, { carry, except = [] }: RegenerateOptions): void {
    const old = req.session;
    const carried: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(old))
      if (key !== 'cookie' && !except.includes(key))
        if (carry === 'all' || carry.includes(key)) carried[key] = value;
    const permanent = carry === 'all' && this.isPermanent(old);
    // The first session of the request is the one the visitor still has.
    if (!this.replaced.has(req)) this.replaced.set(req, old);
    req.sessionStore.generate(req);
    Object.assign(req.session, carried);
    this.setPermanent(req.session, permanent);
  }

  /**
   * Saves the session now, before the response is written: the store writes
   * what changed, or nothing. After regenerate(), the old record is deleted
   * once the new one is stored. A session grown past the store's maxBytes is
   * a 413, its changes undone. A save that fails is a 503, and the request's
   * session is forgotten: nothing of it is saved later in the request, no
   * cookie is set, and the visitor keeps the session they had. So no page
   * claims what was not kept, and none claims a failure that a later save
   * made untrue. express-session alone would save while ending the
   * response, its error lost.
   */
  async commit(req: Request): Promise<void> {
    const current = req.session as RequestSession | undefined;
    if (!current) return;
    // A Secure cookie is not sent over plain HTTP: a new session would be
    // stored for no one, and stay until it expires.
    if (!this.store.isStored(current) && !this.cookieReaches(req))
      return this.forget(req);
    const previous = this.replaced.get(req);
    try {
      if (!this.store.holdsNothing(current))
        await settled((done) => current.save(done));
      if (previous && this.store.isStored(previous))
        await settled((done) => this.store.destroy(previous.id, done));
      this.replaced.delete(req);
    } catch (error) {
      if (error instanceof SessionTooLargeError) {
        if (previous) this.restore(req, previous);
        throw new PayloadTooLargeException(SESSION_TOO_LARGE_MESSAGE);
      }
      this.logger.warn(`Session not saved: ${(error as Error).message}`);
      this.forget(req);
      throw new ServiceUnavailableException(SESSION_NOT_SAVED_MESSAGE);
    }
  }

  /**
   * Whether the session cookie can be set on this response (express-session's
   * own test): if not, commit() stores no new session.
   */
  cookieReaches(req: Request): boolean {
    if (!this.cookieOptions.secure) return true;
    if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted)
      return true;
    if (!this.options.trustProxy) return req.secure;
    const proto = String(req.headers['x-forwarded-proto'] ?? '');
    return proto.split(',')[0].trim().toLowerCase() === 'https';
  }

  /** Puts the request back on the session it had before regenerate(). */
  private restore(req: Request, previous: RequestSession): void {
    this.replaced.delete(req);
    req.session = previous;
    req.sessionID = previous.id;
  }

  /**
   * Whether commit() would store a session for the first time: the request
   * came without a stored session, and this one holds something. A new ID
   * given to a stored session (regenerate) is not a new session. For
   * limits on new sessions, checked before commit().
   */
  isNew(req: Request): boolean {
    const current = req.session as RequestSession | undefined;
    if (!current || this.store.isStored(current)) return false;
    const previous = this.replaced.get(req);
    if (previous && this.store.isStored(previous)) return false;
    return !this.store.holdsNothing(current);
  }

  /**
   * Forgets the request's session without saving it: nothing is stored, and
   * no cookie is set. For a session refused before its first save.
   */
  forget(req: Request): void {
    this.replaced.delete(req);
    delete (req as { session?: unknown }).session;
    (req as { sessionID?: string }).sessionID = undefined;
  }

  /**
   * `session[key] += by`, written as an increment: parallel requests of one
   * visitor that each add 1 all count. A key that does not hold a whole
   * number starts again at `by`. Answers the new value.
   */
  increment(session: RequestSession, key: string, by = 1): number {
    return this.store.increment(session, key, by);
  }

  /** Whether the session's cookie outlives the browser ("remember me"). */
  isPermanent(session: RequestSession): boolean {
    return session.cookie.originalMaxAge != null;
  }

  /** Makes the cookie outlive the browser for the idle timeout, renewed with each request; or not. */
  setPermanent(session: RequestSession, permanent: boolean): void {
    session.cookie.maxAge = permanent ? this.store.idleMs : undefined;
  }

  /** When the session was created; undefined before it is stored. */
  createdAt(session: RequestSession): Date | undefined {
    const ms = this.store.createdAtOf(session);
    return ms === undefined ? undefined : new Date(ms);
  }

  /** When the session ends if it stays unused from now on; undefined before it is stored. */
  expiresAt(session: RequestSession): Date | undefined {
    const ms = this.store.expiresAtOf(session);
    return ms === undefined ? undefined : new Date(ms);
  }
}

/** A callback API as a promise. */
function settled(
  start: (done: (error?: unknown) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    start((error) => (error ? reject(error) : resolve()));
  });
}
