import { Session } from 'express-session';

/**
 * Keys the app's own features keep in the session (the login, flash messages,
 * CSRF material, the language, the cookie): never listed among the
 * visitor's values, never set or removed through the dictionary page (the
 * login goes only through clear()).
 */
export const APP_SESSION_KEYS: ReadonlySet<string> = new Set([
  'cookie',
  'loggedin',
  'user',
  'flashes',
  'csrfSecret',
  'lang',
]);

/**
 * Names the session object itself uses: express-session's `id` and `req` (read-only),
 * its methods (`save`, `touch`, `regenerate`…) and Object's (`constructor`,
 * `toString`…). A visitor key with one of these names would break the session
 * for every later request (a 500, or a save that never finishes), so they are
 * refused like the app's keys.
 */
export const SESSION_OBJECT_KEYS: ReadonlySet<string> = new Set([
  'id',
  'req',
  'toJSON',
  ...Object.getOwnPropertyNames(Session.prototype),
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Keys a visitor may never set, read or pop through the dictionary page. */
export function isReservedSessionKey(key: string): boolean {
  return APP_SESSION_KEYS.has(key) || SESSION_OBJECT_KEYS.has(key);
}
