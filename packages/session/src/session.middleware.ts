import type { RequestHandler, Response } from 'express';
import session from 'express-session';
import onHeaders from 'on-headers';
import type { RequestSession } from './session-data.js';
import type { SessionModuleOptions } from './session.options.js';

/** The attributes of the session cookie, and of any cookie the app sets beside it. */
export interface CookieAttributes {
  httpOnly: true;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  path: '/';
}

export function cookieAttributesOf(
  options: SessionModuleOptions,
): CookieAttributes {
  return {
    httpOnly: true,
    sameSite: options.cookie?.sameSite ?? 'lax',
    secure: options.cookie?.secure ?? false,
    path: '/',
  };
}

/**
 * express-session as the store's rules want it: nothing saved for a visitor
 * whose session holds nothing, the cookie renewed on every response
 * (`rolling`), a browser-session cookie unless the session is made
 * persistent. Three additions: a persistent cookie gets a Max-Age beside its
 * Expires, a cookie naming no stored session is removed, and a session the
 * store cannot load (its database down) is forgotten for the request, never
 * deleted.
 */
export function sessionMiddleware(
  options: SessionModuleOptions,
  name: string,
): RequestHandler {
  const attributes = cookieAttributesOf(options);
  const handler = session({
    name,
    secret: options.secret,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    // Off: req.secure decides (a TLS socket); on: X-Forwarded-Proto.
    proxy: options.trustProxy ? true : undefined,
    // No maxAge: a browser-session cookie, gone when the browser closes.
    cookie: { ...attributes, maxAge: undefined },
  });
  return (req, res, next) => {
    const carried = carriesCookie(req.headers.cookie, name);
    // Registered before express-session's own, so this runs after it wrote Set-Cookie.
    onHeaders(res, () => {
      const session = req.session as RequestSession | undefined;
      const cookie = session?.cookie;
      if (cookie?.originalMaxAge != null && cookie.maxAge != null)
        addMaxAge(res, name, Math.round(cookie.maxAge / 1000));
      // A cookie that names no stored session (expired, ended elsewhere,
      // never valid) is removed when the response stores none, so the
      // browser stops sending it: otherwise every later request looks it
      // up for nothing. Not when the store could not be read (no session).
      if (
        carried &&
        session &&
        !options.store.isStored(session) &&
        !setsCookie(res, name)
      )
        res.clearCookie(name, attributes);
    });
    handler(req, res, (error?: unknown) => {
      // With `unset: 'destroy'`, express-session would delete a session it
      // could not load at the end of the response.
      if (error !== undefined && !req.session)
        (req as { sessionID?: string }).sessionID = undefined;
      next(error);
    });
  };
}

function carriesCookie(header: string | undefined, name: string): boolean {
  return (header ?? '')
    .split(';')
    .some((pair) => pair.trimStart().startsWith(`${name}=`));
}

/** The response's Set-Cookie lines so far. */
function setCookieLines(res: Response): string[] {
  const header = res.getHeader('Set-Cookie');
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [String(header)];
}

function setsCookie(res: Response, name: string): boolean {
  return setCookieLines(res).some((line) => line.startsWith(`${name}=`));
}

/** Adds Max-Age to the named cookie's Set-Cookie header, next to its Expires. */
function addMaxAge(res: Response, name: string, seconds: number): void {
  const lines = setCookieLines(res);
  if (lines.length === 0) return;
  res.setHeader(
    'Set-Cookie',
    lines.map((line) =>
      line.startsWith(`${name}=`) && !/;\s*max-age=/i.test(line)
        ? `${line}; Max-Age=${Math.max(0, seconds)}`
        : line,
    ),
  );
}
