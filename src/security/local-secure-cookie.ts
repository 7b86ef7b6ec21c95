import type { NextFunction, Request, Response } from 'express';

/** The hosts a browser treats as a secure context even over plain HTTP. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header, without its port; IPv6 literals keep their brackets. */
export function hostNameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : 0;
  const colon = host.indexOf(':', end);
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/**
 * Lets express-session set its Secure cookie on plain-HTTP requests addressed
 * to localhost, as `docker compose up` in production mode serves them at
 * http://localhost:3000: browsers accept and send Secure (and `__Host-`)
 * cookies from http://localhost, which they count as a secure context, but
 * express-session refuses to set a Secure cookie on a connection it does not
 * see as HTTPS, so that visitor would get no session at all.
 *
 * Safe because the browser, not the server, enforces Secure: a browser that
 * reached the app under any other name over HTTP drops a Secure cookie, and
 * one that sends `Host: localhost` is talking to its own machine. A client
 * that lies about its Host only gets its own cookie. Only `req.secure` of this
 * one request changes (read by express-session when TRUST_PROXY is off); the
 * socket, req.protocol and every other host are left alone.
 */
export function treatLocalhostAsSecure(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  if (!req.secure && LOOPBACK_HOSTS.has(hostNameOf(req.get('host')) ?? '')) {
    Object.defineProperty(req, 'secure', { value: true, configurable: true });
  }
  next();
}
