import { Session } from 'express-session';
import type { FlashMessage } from '../flash/flash.types.js';

/** The logged-in user as the session remembers it (no database read needed to show it). */
export interface SessionUser {
  id: string;
  email: string;
  /** ISO date of the login. */
  loggedInAt: string;
}

// Every key the app itself stores in a session is declared here, in one place.
declare module 'express-session' {
  interface SessionData {
    /** The course's counter: visits to the home page. */
    count?: number;
    /** The course's `session["loggedin"]`. */
    loggedin?: boolean;
    user?: SessionUser;
    /** Pending flash messages, shown once on the next rendered page. */
    flashes?: FlashMessage[];
    /** When the session was first stored (ms since epoch); the absolute lifetime counts from here. */
    createdAt?: number;
    /** When the store last wrote the document (ms since epoch); lets unchanged reads skip writes. */
    lastModified?: number;
    /** The interface language the visitor chose with the language switch. */
    lang?: 'en' | 'fr';
    /** Visitor-defined keys of the dictionary page. */
    [key: string]: unknown;
  }
}

/**
 * Keys the app manages itself: never listed as editable values, never settable
 * or removable through the dictionary page (login keys go only through clear()).
 */
export const INTERNAL_SESSION_KEYS: ReadonlySet<string> = new Set([
  'cookie',
  'loggedin',
  'user',
  'flashes',
  'createdAt',
  'lastModified',
  'csrfSecret',
  'lang',
]);

/** Keys that survive `clear()` and login: bookkeeping, not data. */
export const BOOKKEEPING_SESSION_KEYS: ReadonlySet<string> = new Set([
  'cookie',
  'createdAt',
  'lastModified',
]);

/**
 * Names the session object itself uses: express-session's `id` and `req` (read-only),
 * its methods (`save`, `touch`, `regenerate`…) and Object's (`constructor`,
 * `toString`…). A visitor key with one of these names would break the session
 * for every later request (a 500, or a save that never finishes), so they are
 * refused like internal keys.
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
  return INTERNAL_SESSION_KEYS.has(key) || SESSION_OBJECT_KEYS.has(key);
}
