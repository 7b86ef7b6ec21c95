import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import onHeaders from 'on-headers';
import { rawCookie } from './raw-cookie.js';
import type { SessionModuleOptions } from './session-options.js';
import type { SessionStore } from './stores/session-store.js';
import type { RequestSession } from './session.types.js';

/**
 * The session's cookies: `sid` (the signed session ID, express-session's)
 * and the login marker. The marker says "this browser is logged in", and
 * nothing else: when a request comes without a login but with it, the login
 * ended without this browser logging out (it expired, or was ended
 * elsewhere), and the visitor is told so even when the expired record was
 * removed long ago. It holds no secret and no ID; a forged one only shows its
 * sender a notice.
 */
export class SessionCookies {
  constructor(private readonly settings: SessionModuleOptions) {}

  get name(): string {
    return this.settings.cookieName ?? 'sid';
  }

  get loginName(): string {
    return `${this.name}_login`;
  }

  /** The attributes of both cookies. */
  get attributes() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.settings.secureCookie ?? false,
      path: '/',
    };
  }

  hasLoginCookie(req: Request): boolean {
    return rawCookie(req.headers.cookie, this.loginName) !== undefined;
  }

  /**
   * Keeps the login cookie in step with the session, and gives a permanent
   * session's cookie a Max-Age (express-session writes only Expires).
   */
  finish(req: Request, res: Response): void {
    const current = req.session as RequestSession | undefined;
    // The session could not be loaded (database down): nothing is known, nothing changes.
    if (!current) return;
    const marker = this.settings.loginMarker;
    if (marker) {
      const loggedIn = marker.isLoggedIn(current);
      if (loggedIn !== this.hasLoginCookie(req)) {
        if (loggedIn) res.cookie(this.loginName, '1', this.attributes);
        else res.clearCookie(this.loginName, this.attributes);
      }
    }
    const maxAge = current.cookie.maxAge;
    if (current.cookie.originalMaxAge != null && maxAge != null)
      addMaxAge(res, this.name, Math.round(maxAge / 1000));
  }
}

/** The cookie writer, express-session, then the notice for logins that ended elsewhere. */
export function sessionMiddleware(
  options: SessionModuleOptions,
  store: SessionStore,
  sessionCookies: SessionCookies,
): RequestHandler[] {
  const handler = session({
    name: sessionCookies.name,
    secret: options.secrets,
    store: store,
    resave: false,
    saveUninitialized: false,
    // Renews a permanent session's cookie on every response, as its expiry is pushed back.
    rolling: true,
    unset: 'destroy',
    // Off: req.secure decides (an HTTPS socket, or http://localhost); on: X-Forwarded-Proto.
    proxy: options.trustProxy ? true : undefined,
    cookie: {
      ...sessionCookies.attributes,
      // No maxAge: a browser-session cookie, gone when the browser closes.
      maxAge: undefined,
    },
  });
  // Registered before express-session, so that this runs after it has
  // written its Set-Cookie header (on-headers calls the last registered first).
  const cookies: RequestHandler = (req, res, next) => {
    onHeaders(res, () => sessionCookies.finish(req, res));
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
  const marker = options.loginMarker;
  const loginEnded = (req: Request, _res: Response, next: NextFunction) => {
    const current = req.session as RequestSession | undefined;
    if (
      marker &&
      current &&
      !marker.isLoggedIn(current) &&
      sessionCookies.hasLoginCookie(req)
    )
      marker.onLoginEnded(current);
    next();
  };
  return marker ? [cookies, loadSession, loginEnded] : [cookies, loadSession];
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
