import type { Request } from 'express';
import type { SessionData } from 'express-session';
import type { MongoClient } from 'mongodb';
import type { RedisStoreTarget } from './stores/redis-connection.js';

/** Where sessions are kept. */
export type SessionStoreOptions =
  | {
      type: 'mongodb';
      /** The app's client (mongoose's `connection.getClient()`): shared, never closed by the store. */
      client: MongoClient;
      /** `sessions` by default. */
      collectionName?: string;
      /** `native`: a TTL index, or periodic removal where the server has none; `interval`: periodic. */
      autoRemove?: 'native' | 'interval';
      autoRemoveIntervalMs?: number;
    }
  | ({
      type: 'redis';
    } & RedisStoreTarget);

/** What a logged-in session looks like, for the "your session has expired" notice. */
export interface LoginMarkerOptions {
  /** Whether the session holds a login. */
  isLoggedIn(data: Partial<SessionData>): boolean;
  /**
   * Called when a request comes from a browser that was logged in and its
   * session no longer is (it expired, or was ended elsewhere), with the
   * request's new session: the place to tell the visitor.
   */
  onLoginEnded(session: Partial<SessionData>): void;
}

/** The options of SessionModule.forRoot / forRootAsync. */
export interface SessionModuleOptions {
  /** Cookie-signing secrets: the first signs, all verify (rotation). */
  secrets: string[];
  /** `sid` by default; use `__Host-sid` over HTTPS. */
  cookieName?: string;
  /** Send the cookie over HTTPS only. */
  secureCookie?: boolean;
  /** Believe X-Forwarded-Proto from a proxy (express-session's `proxy`). */
  trustProxy?: boolean;
  /** A session unused this long expires. */
  idleMs: number;
  /** A session expires this long after its creation, whatever the activity. */
  absoluteMs: number;
  /** An unchanged session's expiry is rewritten at most this often (default: min(60 s, idle / 10)). */
  touchAfterMs?: number;
  store: SessionStoreOptions;
  /**
   * The owner of a session, kept beside it so that a user's sessions can be
   * listed and ended (`/account/sessions`, a password change).
   */
  userIdOf?: (data: Partial<SessionData>) => string | null | undefined;
  /** A second cookie that tells an expired login from a visitor who never logged in. */
  loginMarker?: LoginMarkerOptions;
  /** The time, in ms since the epoch (tests move it). */
  clock?: () => number;
  /**
   * The most a session may hold, as JSON (bytes; 256 KiB by default): a
   * request that would make it larger is refused with 413 and its changes
   * are dropped, the stored session left as it was.
   */
  maxBytes?: number;
  /**
   * Asked before a session nothing has stored yet is written for the first
   * time (not when a stored session gets a new ID): throw (an HttpException)
   * to refuse it, and the request's session is not stored, nor its cookie
   * set. For a bound on new sessions per client.
   */
  admitNewSession?: (req: Request) => void;
}

/** What a store needs of the options, filled in. */
export interface StoreSettings {
  idleMs: number;
  absoluteMs: number;
  touchAfterMs: number;
  clock: () => number;
  userIdOf?: (data: Partial<SessionData>) => string | null | undefined;
  /** The cookie given to a session stored without one. */
  cookie: {
    originalMaxAge: null;
    path: string;
    httpOnly: boolean;
    secure: boolean;
    sameSite: 'lax';
  };
}
