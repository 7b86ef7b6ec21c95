import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Session, type SessionData } from 'express-session';
import onHeaders from 'on-headers';
import type { Connection } from 'mongoose';
import { promisify } from 'node:util';
import { rawCookie } from '../common/http/cookies.js';
import { appConfig } from '../config/app.config.js';
import { sessionConfig } from '../config/session.config.js';
import { FlashService } from '../flash/flash.service.js';
import { MongoSessionStore } from './mongo-session.store.js';
import { SessionExpiryService } from './session-expiry.service.js';
import { BOOKKEEPING_SESSION_KEYS } from './session.types.js';

export type RequestSession = Session & Partial<SessionData>;

/**
 * Owns the session store and the express-session middleware, and gives the rest
 * of the app awaited versions of regenerate / save / destroy (no callbacks in
 * handlers).
 */
@Injectable()
export class SessionService implements OnModuleInit {
  readonly store: MongoSessionStore;
  /** The session a request had before regenerate(), until save() deletes its document. */
  private readonly replaced = new WeakMap<Request, RequestSession>();

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(sessionConfig.KEY)
    private readonly config: ConfigType<typeof sessionConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly expiry: SessionExpiryService,
    private readonly flash: FlashService,
  ) {
    // The store shares mongoose's client: one connection pool, closed once on shutdown.
    this.store = new MongoSessionStore({
      client: connection.getClient(),
      collectionName: config.collectionName,
      idleMs: config.idleMs,
      absoluteMs: config.absoluteMs,
      touchAfterSeconds: config.touchAfterSeconds,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.expiry.start(this.store);
  }

  get cookieName(): string {
    return this.config.cookieName;
  }

  /**
   * A cookie that says "this browser is logged in", and nothing else. When a
   * request comes without a login but with this cookie, the login ended
   * without this browser logging out: it expired, or was ended elsewhere,
   * and the visitor is told so even when the expired document was removed
   * long ago. It holds no secret and no ID; a forged one only shows its
   * sender a notice.
   */
  get loginCookieName(): string {
    return `${this.config.cookieName}_login`;
  }

  get idleMs(): number {
    return this.config.idleMs;
  }

  get absoluteMs(): number {
    return this.config.absoluteMs;
  }

  /**
   * The cookie writer, express-session, then the notice for sessions that
   * expired with a login.
   */
  middleware(): RequestHandler[] {
    const handler = session({
      name: this.config.cookieName,
      secret: this.config.secrets,
      store: this.store,
      resave: false,
      saveUninitialized: false,
      // Renews a permanent session's cookie on every response, as its expiry is pushed back.
      rolling: true,
      unset: 'destroy',
      // Off: req.secure, i.e. an HTTPS socket, or http://localhost (see
      // treatLocalhostAsSecure); `false` would ignore req.secure. On: X-Forwarded-Proto.
      proxy: this.app.trustProxy ? true : undefined,
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
    // visitor's session at the end of the response (and make the error page
    // wait for that delete too): the session is forgotten for this request
    // only, never deleted.
    const loadSession: RequestHandler = (req, res, next) => {
      handler(req, res, (error?: unknown) => {
        if (error !== undefined && !req.session) {
          (req as { sessionID?: string }).sessionID = undefined;
        }
        next(error);
      });
    };
    const expiredNotice = (
      req: Request,
      _res: Response,
      next: NextFunction,
    ): void => {
      const current = req.session as RequestSession | undefined;
      if (!current || current.loggedin || !this.hasLoginCookie(req))
        return next();
      this.flash.flash(current, 'Your session has expired', 'warning');
      next();
    };
    return [cookies, loadSession, expiredNotice];
  }

  /** The attributes of both cookies: the session ID's and the "logged in" one. */
  private get cookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookie,
      path: '/',
    };
  }

  /** Whether the browser sent the "logged in" cookie (read before cookie-parser runs). */
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
    const loggedIn = current.loggedin === true;
    if (loggedIn !== this.hasLoginCookie(req)) {
      if (loggedIn) res.cookie(this.loginCookieName, '1', this.cookieOptions);
      else res.clearCookie(this.loginCookieName, this.cookieOptions);
    }
    const maxAge = current.cookie.maxAge;
    if (this.isPermanent(current) && maxAge != null)
      addMaxAge(res, this.config.cookieName, Math.round(maxAge / 1000));
  }

  /** Whether the visitor keeps their session after the browser closes. */
  isPermanent(current: RequestSession): boolean {
    return current.cookie.originalMaxAge != null;
  }

  /** Makes the session outlive the browser ("remember me"), or not. */
  setPermanent(current: RequestSession, permanent: boolean): void {
    current.cookie.maxAge = permanent ? this.config.idleMs : undefined;
  }

  /** When the session expires at the latest if the visitor stays idle. */
  expiresAt(current: RequestSession, now = Date.now()): Date {
    return this.store.expiryOf(current.createdAt ?? now, now);
  }

  /**
   * Gives the visitor a new session ID (against session fixation). With
   * keepData, the visitor's own keys and pending flash messages come along;
   * the login keys never do, the caller sets them again. The old document is
   * deleted by save(), once the new one is stored: deleting it first (as
   * express-session's regenerate does) would lose the visitor's session when
   * the new one then fails to save, behind a 503 that says nothing changed.
   */
  regenerate(req: Request, { keepData }: { keepData: boolean }): Promise<void> {
    const old = req.session;
    const carried: Record<string, unknown> = {};
    if (keepData) {
      for (const [key, value] of Object.entries(old)) {
        if (
          !BOOKKEEPING_SESSION_KEYS.has(key) &&
          key !== 'loggedin' &&
          key !== 'user'
        ) {
          carried[key] = value;
        }
      }
    } else if (old.flashes) {
      carried.flashes = old.flashes;
    }
    const permanent = this.isPermanent(old);
    // The first session of the request is the one the visitor still has.
    if (!this.replaced.has(req)) this.replaced.set(req, old);
    req.sessionStore.generate(req);
    Object.assign(req.session, carried);
    this.setPermanent(req.session, permanent && keepData);
    return Promise.resolve();
  }

  /**
   * Writes the session now, so a failed write is reported instead of a page
   * claiming success. After a regenerate, the old document is deleted once
   * the new one is stored; if either step fails, the request goes back to the
   * old session (its cookie is kept) and the error is thrown.
   */
  async save(req: Request): Promise<void> {
    const current = req.session as RequestSession | undefined;
    if (!current) return;
    const previous = this.replaced.get(req);
    try {
      await promisify(current.save.bind(current))();
      if (previous) {
        await promisify(this.store.destroy.bind(this.store))(previous.id);
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
