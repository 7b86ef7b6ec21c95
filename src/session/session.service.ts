import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { SessionCookies, sessionMiddleware } from './session-cookies.js';
import { SESSION_MODULE_OPTIONS } from './session.module-definition.js';
import type { SessionModuleOptions } from './session-options.js';
import { SessionStore } from './stores/session-store.js';
import {
  DEFAULT_MAX_BYTES,
  SESSION_NOT_SAVED_MESSAGE,
  SESSION_TOO_LARGE_MESSAGE,
  settled,
  type RegenerateOptions,
} from './session-saving.js';
import type { RequestSession } from './session.types.js';

/**
 * The session layer as the rest of the app sees it: the express-session
 * middleware with its cookies, and awaited versions of regenerate / save
 * (no callbacks in handlers), the timeouts, a session's creation time and
 * permanence, and increments that parallel requests all count.
 */
@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);
  /** The session a request had before regenerate(), until save() deletes its record. */
  private readonly replaced = new WeakMap<Request, RequestSession>();

  private readonly cookies: SessionCookies;

  constructor(
    @Inject(SESSION_MODULE_OPTIONS)
    private readonly options: SessionModuleOptions,
    readonly store: SessionStore,
  ) {
    this.cookies = new SessionCookies(options);
  }

  get cookieName(): string {
    return this.cookies.name;
  }

  /** The "this browser is logged in" cookie (see SessionCookies). */
  get loginCookieName(): string {
    return this.cookies.loginName;
  }

  /** The attributes of both cookies: the session ID's and the "logged in" one. */
  get cookieOptions() {
    return this.cookies.attributes;
  }

  /** Whether the browser sent the "logged in" cookie. */
  hasLoginCookie(req: Request): boolean {
    return this.cookies.hasLoginCookie(req);
  }

  get idleMs(): number {
    return this.options.idleMs;
  }

  get absoluteMs(): number {
    return this.options.absoluteMs;
  }

  /** The cookie writer, express-session, then the notice for logins that ended elsewhere. */
  middleware(): RequestHandler[] {
    return sessionMiddleware(this.options, this.store, this.cookies);
  }

  /** Whether the visitor keeps their session after the browser closes. */
  isPermanent(current: RequestSession): boolean {
    return current.cookie.originalMaxAge != null;
  }

  /** Makes the session outlive the browser ("remember me"), or not. */
  setPermanent(current: RequestSession, permanent: boolean): void {
    current.cookie.maxAge = permanent ? this.options.idleMs : undefined;
  }

  /** When the session was created (ms), once stored; undefined for a session nothing has stored. */
  createdAt(current: RequestSession): number | undefined {
    return this.store.createdAtOf(current);
  }

  /** When the session expires at the latest if the visitor stays idle; undefined before it is stored. */
  expiresAt(current: RequestSession): Date | undefined {
    const createdAt = this.createdAt(current);
    if (createdAt === undefined) return undefined;
    const now = this.now();
    return new Date(
      this.store.expiryOf(
        createdAt,
        now,
        this.store.tracker.deadlineOf(current),
      ),
    );
  }

  /**
   * Makes this session expire at `at` (ms) at the latest, or clears that
   * (null); the configured timeouts still apply when they come first. Only
   * sooner than the idle timeout: a deadline shortens one session, it never
   * lengthens a timeout (a RangeError otherwise).
   */
  setDeadline(current: RequestSession, at: number | null): void {
    if (at !== null && !(at - this.now() < this.options.idleMs))
      throw new RangeError(
        `A session deadline must come sooner than the idle timeout (${this.options.idleMs} ms from now)`,
      );
    this.store.tracker.setDeadline(current, at);
  }

  /** The deadline asked for this session, if any (ms). */
  deadlineOf(current: RequestSession): number | null {
    return this.store.tracker.deadlineOf(current);
  }

  /**
   * `session[key] += by`, stored as an increment: parallel requests of one
   * visitor that each add 1 all count. A key that does not hold a whole
   * number starts again at `by`. Returns the new value.
   */
  increment(current: RequestSession, key: string, by = 1): number {
    return this.store.tracker.increment(current, key, by);
  }

  /** The keys this request wrote, or changed and will write: the stored-session panel names them. */
  changedKeys(current: RequestSession): string[] {
    return this.store.tracker.changedKeys(current);
  }

  now(): number {
    return this.options.clock?.() ?? Date.now();
  }

  /**
   * Gives the visitor a new session ID (against session fixation), carrying
   * the keys asked for and the permanence when everything is carried. The old
   * record is deleted by save(), once the new one is stored: deleting it first
   * (as express-session's regenerate does) would lose the visitor's session
   * when the new one then fails to save, behind a 503 that says nothing
   * changed.
   */
  regenerate(req: Request, { carry, except = [] }: RegenerateOptions): void {
    const old = req.session;
    const carried: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(old)) {
      if (key === 'cookie' || except.includes(key)) continue;
      if (carry === 'all' || carry.includes(key)) carried[key] = value;
    }
    const permanent = carry === 'all' && this.isPermanent(old);
    // The first session of the request is the one the visitor still has.
    if (!this.replaced.has(req)) this.replaced.set(req, old);
    req.sessionStore.generate(req);
    Object.assign(req.session, carried);
    this.setPermanent(req.session, permanent);
  }

  /**
   * Saves the session when it changed (or got a new ID), before the response
   * is written: a failed save becomes a 503 saying that nothing was changed,
   * instead of a page claiming success. express-session alone would save it
   * while ending the response, with the error lost.
   */
  async commit(req: Request): Promise<void> {
    const current = req.session as RequestSession | undefined;
    if (!current) return;
    if (!this.replaced.has(req) && !this.store.isChanged(current)) return;
    const data = current as unknown as Record<string, unknown>;
    if (
      this.store.tracker.sizeOf(data) >
      (this.options.maxBytes ?? DEFAULT_MAX_BYTES)
    ) {
      this.store.tracker.revert(data);
      throw new PayloadTooLargeException(SESSION_TOO_LARGE_MESSAGE);
    }
    try {
      await this.save(req);
    } catch (error) {
      // A new session refused by admitNewSession: its own answer.
      if (error instanceof HttpException) throw error;
      this.logger.warn(`Session not saved: ${(error as Error).message}`);
      throw new ServiceUnavailableException(SESSION_NOT_SAVED_MESSAGE);
    }
  }

  /**
   * Asks admitNewSession before the first write of a session nothing has
   * stored (a stored one getting a new ID is a replacement, not a new
   * session). Refused, the session is forgotten for this request, as when
   * the store cannot load one: express-session then neither stores it nor
   * sets its cookie at the end of the response.
   */
  private admitNew(req: Request): void {
    try {
      this.options.admitNewSession?.(req);
    } catch (error) {
      delete (req as { session?: unknown }).session;
      (req as { sessionID?: string }).sessionID = undefined;
      this.replaced.delete(req);
      throw error;
    }
  }

  /**
   * Writes the session now. After a regenerate, the old record is deleted
   * once the new one is stored; if either step fails, the request goes back
   * to the old session (its cookie is kept) and the error is thrown.
   */
  async save(req: Request): Promise<void> {
    const current = req.session as RequestSession | undefined;
    if (!current) return;
    const previous = this.replaced.get(req);
    if (
      this.options.admitNewSession &&
      !this.store.hasStored(current) &&
      !(previous && this.store.hasStored(previous))
    )
      this.admitNew(req);
    try {
      if (!previous || this.store.isChanged(current))
        await settled((done) => current.save(done));
      if (previous) {
        // A session nothing has stored (the visitor had none) has no record to delete.
        if (this.store.hasStored(previous))
          await settled((done) => this.store.destroy(previous.id, done));
        this.replaced.delete(req);
      }
    } catch (error) {
      if (previous) {
        this.replaced.delete(req);
        req.session = previous;
        req.sessionID = previous.id;
      }
      throw error;
    }
  }
}

export type { RequestSession } from './session.types.js';
export type { RegenerateOptions } from './session-saving.js';
