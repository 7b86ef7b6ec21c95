import type { ClientDescription } from '../client-description.js';

/**
 * A session as a store holds it, whichever the store: what the account
 * pages list and the stored-session panel shows.
 */
export interface StoredSession {
  /** The storage key (a digest of the session ID, see storageKeyOf). */
  key: string;
  /** The session's data as stored, the cookie included. */
  data: Record<string, unknown>;
  createdAt: Date;
  expires: Date;
  lastModified: Date | null;
  lastSeenAt: Date | null;
  /** The owner, when the session holds a login. */
  userId: string | null;
  client: ClientDescription | null;
  /** An expiry asked for this session alone, earlier than the timeouts. */
  deadline: Date | null;
  /** What the database itself holds for this session (a document, a hash), for display. */
  raw: Record<string, unknown>;
  /** Its size in the database (bytes, as JSON). */
  bytes: number;
}

/** One of a user's sessions, as the account pages list them. */
export type UserSession = Pick<
  StoredSession,
  'key' | 'createdAt' | 'expires' | 'lastSeenAt' | 'client'
>;
