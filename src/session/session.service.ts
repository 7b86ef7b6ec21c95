import {
  HttpException,
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import onHeaders from 'on-headers';
import { rawCookie } from './raw-cookie.js';
import { SESSION_MODULE_OPTIONS } from './session.module-definition.js';
import type { SessionModuleOptions } from './session-options.js';
import { SessionStore } from './stores/session-store.js';
import type { RequestSession } from './session.types.js';

/** Which keys come along when a session gets a new ID. */
export interface RegenerateOptions {
  /** `all` of the visitor's keys, or these only. */
  carry: 'all' | readonly string[];
  /** Keys never carried (a login's: the caller sets them again). */
  except?: readonly string[];
}

/** The text of the 503 a failed save gives: nothing the visitor did was kept. */
export const SESSION_NOT_SAVED_MESSAGE =
  'Your session could not be saved, so nothing was changed. Please try again in a moment.';

/** The text of the 413 a session grown past its limit gives. */
export const SESSION_TOO_LARGE_MESSAGE =
  'Your session would grow too large, so this change was not kept. Remove some of its keys, then try again.';

const DEFAULT_MAX_BYTES = 256 * 1024;

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

  constructor(
    @Inject(SESSION_MODULE_OPTIONS)
    private readonly options: SessionModuleOptions,
    readonly store: SessionStore,
  ) {}

  get cookieName(): string {
    return this.options.cookieName ?? 'sid';
  }

  /**
   * A cookie that says "this browser is logged in", and nothing else. When a
   * request comes without a login but with this cookie, the login ended
   * without this browser logging out: it expired, or was ended elsewhere,
   * and the visitor is told so even when the expired record was removed
   * long ago. It holds no secret and no ID; a forged one only shows its
   * sender a notice.
   */
  get loginCookieName(): string {
    return `${this.cookieName}_login`;
  }

  get idleMs(): number {
    return this.options.idleMs;
  }

  get absoluteMs(): number {
    return this.options.absoluteMs;
  }

  /** The cookie writer, express-session, then the notice for logins that ended elsewhere. */
  middleware(): RequestHandler[] {
    const handler = session({
      name: this.cookieName,
      secret: this.options.secrets,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      // Renews a permanent session's cookie on every response, as its expiry is pushed back.
      rolling: true,
      unset: 'destroy',
      // Off: req.secure decides (an HTTPS socket, or http://localhost); on: X-Forwarded-Proto.
      proxy: this.options.trustProxy ? true : undefined,
      cookie: {
        ...this.cookieOptions,
        // No maxAge: a browser-session cookie, gone when the browser closes.
        maxAge: undefined,
      },
    });
    // Registered before express-session, so that this runs after it has
    // written its Set-Cookie header (on-headers calls the last registered first).
    const cookies: RequestHandler = (req, res, next) => {
      onHeaders(res, () => this.finishCookies(req, res));
      next();
    };
    // When the store cannot load the session (database down), express-session
    // leaves req.session unset and, with `unset: 'destroy'`, would delete the
    // visitor's session at the end of the response: the session is forgotten
    // for this request only, never deleted.
    const loadSession: RequestHandler = (req, res, next) => {
      handler(req, res, (error?: unknown) => {
        if (error !== undefined && !req.session) {
          (req as { sessionID?: string }).sessionID = undefined;
        }
        next(error);
      });
    };
    const marker = this.options.loginMarker;
    const loginEnded = (req: Request, _res: Response, next: NextFunction) => {
      const current = req.session as RequestSession | undefined;
      if (
        marker &&
        current &&
        !marker.isLoggedIn(current) &&
        this.hasLoginCookie(req)
      )
        marker.onLoginEnded(current);
      next();
    };
    return marker ? [cookies, loadSession, loginEnded] : [cookies, loadSession];
  }

  /** The attributes of both cookies: the session ID's and the "logged in" one. */
  get cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.options.secureCookie ?? false,
      path: '/',
    };
  }

  /** Whether the browser sent the "logged in" cookie. */
  hasLoginCookie(req: Request): boolean {
    return rawCookie(req.headers.cookie, this.loginCookieName) !== undefined;
  }

  /**
   * Keeps the login cookie in step with the session, and gives a permanent
   * session's cookie a Max-Age (express-session writes only Expires).
   */
  private finishCookies(req: Request, res: Response): void {
    const current = req.session as RequestSession | undefined;
    // The session could not be loaded (database down): nothing is known, nothing changes.
    if (!current) return;
    const marker = this.options.loginMarker;
    if (marker) {
      const loggedIn = marker.isLoggedIn(current);
      if (loggedIn !== this.hasLoginCookie(req)) {
        if (loggedIn) res.cookie(this.loginCookieName, '1', this.cookieOptions);
        else res.clearCookie(this.loginCookieName, this.cookieOptions);
      }
    }
    const maxAge = current.cookie.maxAge;
    if (this.isPermanent(current) && maxAge != null)
      addMaxAge(res, this.cookieName, Math.round(maxAge / 1000));
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

/** A callback API as a promise (without building a promisified function on every call). */
function settled(
  start: (done: (error?: unknown) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // As util.promisify: whatever the callback was given is the rejection.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    start((error) => (error ? reject(error) : resolve()));
  });
}

/** Adds Max-Age to the named cookie's Set-Cookie header, next to its Expires. */
function addMaxAge(res: Response, name: string, seconds: number): void {
  const header = res.getHeader('Set-Cookie');
  if (!Array.isArray(header)) return;
  res.setHeader(
    'Set-Cookie',
    header.map((line) => {
      if (!line.startsWith(`${name}=`) || /;\s*max-age=/i.test(line))
        return line;
      return `${line}; Max-Age=${Math.max(0, seconds)}`;
    }),
  );
}

export type { RequestSession } from './session.types.js';
