import type { Request } from 'express';
import {
  describeClient,
  type ClientDescription,
} from '../client-description.js';
import type { StoredSession } from './stored-session.js';

/** A session's data, as the stores handle it. */
export type Data = Record<string, unknown>;

/** When a write happens and what it sets besides the data. */
export interface WriteTimes {
  now: number;
  /** When the session expires after this write: the earliest of idle, absolute and deadline. */
  expires: number;
  createdAt: number;
  deadline: number | null;
  userId: string | null;
}

/** A session record as a store read it, before the shared checks. */
export interface LoadedRecord {
  key: string;
  /** The data, decoded; null when it could not be (corrupt, not an object). */
  data: Data | null;
  createdAt: number | null;
  lastModified: number | null;
  expires: number | null;
  deadline: number | null;
  userId: string | null;
  /** Stored in a format this store no longer writes: rewrite it whole next time. */
  outdated: boolean;
  record: StoredSession;
}

export function isCookie(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The data of a stored session, or null when it cannot be one (corrupt JSON, not an object). */
export function decode(
  stored: Record<string, unknown> | string | undefined,
): Record<string, unknown> | null {
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  }
  return isCookie(value) ? (value as Record<string, unknown>) : null;
}

export function cookieJson(cookie: unknown): object {
  if (!isCookie(cookie)) return {};
  const toJSON = (cookie as { toJSON?: () => object }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(cookie) : { ...cookie };
}

/** The client behind the request that created the session (express-session keeps it as `session.req`). */
export function clientOf(session: object): ClientDescription | null {
  const req = (session as { req?: Request }).req;
  if (!req?.headers) return null;
  return describeClient(
    req.headers['user-agent'],
    req.ip ?? req.socket?.remoteAddress,
  );
}
