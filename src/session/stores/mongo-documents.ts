import type { WithId } from 'mongodb';
import type { ClientDescription } from '../client-description.js';
import type { LoadedRecord } from './session-store.js';
import { decode } from './store-records.js';
import type { StoredSession, UserSession } from './stored-session.js';

/** A session as the collection holds it (connect-mongo's layout, with `stringify: false`). */
export interface SessionDocument {
  /** storageKeyOf(session ID); documents written by connect-mongo (or older versions) use the ID itself. */
  _id: string;
  /** The data; connect-mongo's default settings store it as a JSON string. */
  session: Record<string, unknown> | string;
  expires: Date;
  createdAt?: Date;
  lastModified?: Date;
  /** The owner, lifted out of the data so that it can be indexed. */
  userId?: string;
  client?: ClientDescription;
  /** An expiry asked for this session alone. */
  deadline?: Date;
}

/** A document as the shared rules read a record; `now` stands in for a missing creation time. */
export function loadedOf(
  doc: WithId<SessionDocument>,
  now: number,
): LoadedRecord {
  return {
    key: doc._id,
    data: decode(doc.session),
    createdAt: toMs(doc.createdAt),
    lastModified: toMs(doc.lastModified),
    expires: toMs(doc.expires),
    deadline: toMs(doc.deadline),
    userId: typeof doc.userId === 'string' ? doc.userId : null,
    outdated: typeof doc.session === 'string',
    record: storedOf(doc, now),
  };
}

/** A document as the stores' common shape. */
export function storedOf(
  doc: WithId<SessionDocument>,
  now: number,
): StoredSession {
  const createdAt = toDate(doc.createdAt) ?? toDate(doc.lastModified);
  let bytes: number | undefined;
  return {
    key: doc._id,
    data: decode(doc.session) ?? {},
    createdAt: createdAt ?? new Date(now),
    expires: toDate(doc.expires) ?? new Date(8.64e15),
    lastModified: toDate(doc.lastModified),
    lastSeenAt: toDate(doc.lastModified),
    userId: typeof doc.userId === 'string' ? doc.userId : null,
    client: doc.client ?? null,
    deadline: toDate(doc.deadline),
    raw: doc,
    // Measured when asked (the stored-session panel): a record loaded and
    // then written in one request is replaced before anyone looks.
    get bytes() {
      return (bytes ??= Buffer.byteLength(JSON.stringify(doc)));
    },
  };
}

/** A stored time as ms: a Date, a number of ms or an ISO string; null when it is none of these. */
export function toMs(value: unknown): number | null {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number' || typeof value === 'string'
        ? new Date(value).getTime()
        : NaN;
  return Number.isFinite(ms) ? ms : null;
}

export function toDate(value: unknown): Date | null {
  const ms = toMs(value);
  return ms === null ? null : new Date(ms);
}

/** The fields the list of a user's sessions reads. */
export const USER_SESSION_FIELDS = {
  client: 1,
  createdAt: 1,
  lastModified: 1,
  expires: 1,
} as const;

/** One of a user's sessions, from a document read with USER_SESSION_FIELDS. */
export function userSessionOf(doc: WithId<SessionDocument>): UserSession {
  return {
    key: doc._id,
    client: doc.client ?? null,
    createdAt: toDate(doc.createdAt) ?? new Date(0),
    lastSeenAt: toDate(doc.lastModified),
    expires: doc.expires,
  };
}
