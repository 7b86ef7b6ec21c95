import type { Response } from 'supertest';

/** The Set-Cookie header lines of a response. */
export function setCookies(res: Response): string[] {
  const header = res.headers['set-cookie'] as string | string[] | undefined;
  if (!header) return [];
  return Array.isArray(header) ? header : [header];
}

/** The `name=value` pair of the named cookie set by a response, if any. */
export function cookiePair(res: Response, name: string): string | undefined {
  return setCookies(res)
    .map((line) => line.split(';')[0])
    .find((pair) => pair.startsWith(`${name}=`));
}

/** The session ID inside a signed `sid=s%3A<id>.<signature>` cookie pair. */
export function sessionIdOf(pair: string): string {
  const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1));
  return value.slice(2, value.lastIndexOf('.'));
}

/** The Set-Cookie lines of the session cookie only (`sid`, or `__Host-sid` in production). */
export function sessionCookieLines(res: Response): string[] {
  return setCookies(res).filter((line) => /^(__Host-)?sid=/.test(line));
}
