import type { Session, SessionData } from 'express-session';

/**
 * The session of a request, as handlers receive it (`@Session()`): express-session's
 * Session with the data the app declares. Each feature declares the keys it
 * stores beside its own code (`declare module 'express-session' { interface
 * SessionData { … } }`): the session module knows none of them.
 */
export type RequestSession = Session & Partial<SessionData>;
