import type {
  Session,
  SessionData as ExpressSessionData,
} from 'express-session';

/**
 * The keys an app keeps in its sessions. Declare each one by augmenting this
 * interface, as express-session's own `declare module` does:
 *
 *     declare module '@nest-sessions/session' {
 *       interface SessionData {
 *         count?: number;
 *       }
 *     }
 *
 * There is no index signature: a misspelt key does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionData {}

type DeclaredKeys = SessionData;

declare module 'express-session' {
  // express-session's SessionData (the type of `req.session`) gets every key declared above.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends DeclaredKeys {}
}

/** The session of a request (`req.session`, `@Session()`), with the keys the app declares. */
export type RequestSession = Session & Partial<ExpressSessionData>;
