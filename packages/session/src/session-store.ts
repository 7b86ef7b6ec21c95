import type { Request } from 'express';
import { Store, type SessionData as StoreData } from 'express-session';
import { createHash } from 'node:crypto';
import { SessionTooLargeError } from './errors.js';
import {
  changesOf,
  dataKeys,
  maxAgeOf,
  sizeOf,
  snapshotOf,
  type Data,
  type SessionChanges,
  type Snapshot,
  type StoredState,
} from './session-changes.js';

export type { Data, SessionChanges } from './session-changes.js';

/** The session policy a store enforces, whatever the cookie says. */
export interface SessionRules {
  /** A session unused this long expires (ms). 30 minutes by default. */
  idleMs?: number;
  /** A session expires this long after its creation, however much it is used (ms). 24 hours by default. */
  absoluteMs?: number;
  /** An unchanged session's expiry is written again at most this often (ms). min(60 s, idle / 10) by default. */
  touchAfterMs?: number;
  /** The most a session may hold, as JSON (bytes). 256 KiB by default: a save past it throws SessionTooLargeError. */
  maxBytes?: number;
  /** The owner of a session, kept beside it so that a user's sessions can be listed and ended. */
  userIdOf?: (data: Partial<StoreData>) => string | null | undefined;
  /** What to keep of the client that opened a session (its browser, its network), for its owner's list. */
  clientOf?: (req: Request) => object | null;
  /** The time, in ms since the epoch (tests move it). */
  clock?: () => number;
}

/** A session record as a store read it from its database, before any check. */
export interface StoredRecord {
  key: string;
  /** The data, the cookie among it; null when it cannot be decoded. */
  data: Data | null;
  createdAt: number | null;
  lastModified: number | null;
  expires: number | null;
  userId: string | null;
  client: object | null;
}

/** A stored session, as read() answers. */
export interface StoredSession {
  /** The key it is stored under: the SHA-256 of its ID (keyOf). */
  key: string;
  data: Data;
  createdAt: Date;
  lastModified: Date;
  expires: Date;
  userId: string | null;
  client: object | null;
}

/** One of a user's sessions, as their list of sessions shows it. */
export type UserSession = Omit<StoredSession, 'data' | 'userId'>;

/** When a write happens, and what it stores besides the data. */
export interface WriteTimes {
  now: number;
  createdAt: number;
  /** The earliest of the idle timeout, the absolute lifetime and a persistent cookie's end. */
  expires: number;
  userId: string | null;
}

/** What a record holds besides the data. */
export interface RecordMeta {
  createdAt: number;
  lastModified: number;
  expires: number;
  userId: string | null;
}

/** What the store knows of a session it read or wrote, kept for the request. */
interface Tracked extends StoredState, RecordMeta {}

type Callback<T = void> = (error: unknown, value?: T) => void;

export const DEFAULT_IDLE_MS = 30 * 60_000;
export const DEFAULT_ABSOLUTE_MS = 24 * 3_600_000;
export const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * express-session's Store, with the rules that make sessions safe whatever
 * database holds them. Each store (MongoSessionStore, RedisSessionStore) only
 * reads and writes records; the rules are here:
 * - the timeouts are the server's: a session expires at the earliest of its
 *   idle timeout, its absolute lifetime from its creation, and the end of a
 *   persistent cookie's maxAge, whatever the browser sends; an expired
 *   session is never served, even before the database removes it;
 * - a stored session is written key by key (SessionChanges), so parallel
 *   requests of one visitor keep each other's changes, and a session
 *   deleted while a request ran (logout, revocation) is not brought back by
 *   its end; an unchanged one is touched at most every touchAfterMs;
 * - sessions are stored under the SHA-256 of their ID (keyOf): whoever reads
 *   the database cannot use what they read as a cookie;
 * - every callback is called once, also when the database is down.
 *
 * Events, once each: `get`, `create` or `update` then `set`, `touch` (when a
 * record was touched), `destroy`, `all`.
 */
export abstract class SessionStore extends Store {
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly touchAfterMs: number;
  readonly maxBytes: number;
  /** What this store knows of each session object, for one request (weakly held). */
  private readonly tracked = new WeakMap<object, Tracked>();

  protected constructor(private readonly rules: SessionRules) {
    super();
    this.idleMs = positive('idleMs', rules.idleMs ?? DEFAULT_IDLE_MS);
    this.absoluteMs = positive(
      'absoluteMs',
      rules.absoluteMs ?? DEFAULT_ABSOLUTE_MS,
    );
    this.touchAfterMs =
      rules.touchAfterMs ?? Math.min(60_000, Math.floor(this.idleMs / 10));
    this.maxBytes = positive('maxBytes', rules.maxBytes ?? DEFAULT_MAX_BYTES);
  }

  // ---- what each store implements ----------------------------------------

  /** What the health check and the logs call the database. */
  abstract readonly kind: string;
  /** Creates what the store needs (indexes, a connection). */
  abstract start(): Promise<void>;
  /** Stops what the store runs besides requests; never closes a client it was given. */
  abstract stop(): Promise<void>;
  /** Whether the database answers within timeoutMs. */
  abstract ping(timeoutMs: number): Promise<boolean>;
  /** The user's sessions that have not expired. */
  abstract userSessions(userId: string): Promise<UserSession[]>;
  /** Ends one of the user's sessions by its key; false when it is not theirs. */
  abstract destroyUserSession(userId: string, key: string): Promise<boolean>;
  /** Ends every session of the user but the one with this ID; returns how many. */
  abstract destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number>;

  /**
   * Keeps the user's `max` most recently used sessions, the one with
   * `keepSessionId` always among them, and ends the others; answers how many
   * it ended. After a login, so that an account's live sessions stay bounded.
   */
  abstract trimUserSessions(
    userId: string,
    max: number,
    keepSessionId: string,
  ): Promise<number>;

  protected abstract find(key: string): Promise<StoredRecord | null>;
  /**
   * Writes a whole session, creating its record, or replacing the data of a
   * record saved before under the same ID (whose creation time and client
   * stay). Answers the stored creation time, and whether it created it.
   */
  protected abstract insert(
    key: string,
    data: Data,
    times: WriteTimes,
    client: object | null,
  ): Promise<{ created: boolean; createdAt: number }>;
  /** Writes only the changes; false when the record is gone (it stays gone). */
  protected abstract update(
    key: string,
    data: Data,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<boolean>;
  /** Pushes the expiry back; false when the record is gone. */
  protected abstract refresh(key: string, times: WriteTimes): Promise<boolean>;
  protected abstract remove(key: string): Promise<void>;
  protected abstract findLive(now: number): Promise<StoredRecord[]>;
  protected abstract removeAll(): Promise<void>;
  /** The record as its database lays it out, for describe(). */
  protected abstract layout(
    key: string,
    data: Data,
    meta: RecordMeta,
  ): Record<string, unknown>;

  // ---- express-session's Store API ---------------------------------------

  override get(sid: string, callback: Callback<StoreData | null>): void {
    settle(this.loadData(sid) as Promise<StoreData | null>, callback);
  }

  override set(sid: string, session: StoreData, callback: Callback = noop) {
    settle(this.save(sid, session as unknown as Data), callback);
  }

  override touch(sid: string, session: StoreData, callback: Callback = noop) {
    settle(this.touchSession(sid, session as unknown as Data), callback);
  }

  override destroy(sid: string, callback: Callback = noop): void {
    settle(
      this.remove(this.keyOf(sid)).then(() => {
        this.emit('destroy', sid);
      }),
      callback,
    );
  }

  override all(callback: Callback<StoreData[]>): void {
    settle(
      this.findLive(this.now()).then((records) => {
        const sessions = records.flatMap((record) =>
          record.data ? [record.data as unknown as StoreData] : [],
        );
        this.emit('all', sessions);
        return sessions;
      }),
      callback,
    );
  }

  override length(callback: Callback<number>): void {
    settle(
      this.findLive(this.now()).then(
        (records) => records.filter((record) => record.data).length,
      ),
      callback,
    );
  }

  override clear(callback: Callback = noop): void {
    settle(this.removeAll(), callback);
  }

  /** express-session makes a Session of the loaded data here: what the store knows follows it. */
  override createSession(
    req: Request,
    data: StoreData,
  ): ReturnType<Store['createSession']> {
    const session = super.createSession(req, data);
    const tracked = this.tracked.get(data);
    if (tracked) this.tracked.set(session, tracked);
    return session;
  }

  // ---- what the app asks of the store ------------------------------------

  /** The key the session with this ID is stored under: the SHA-256 of the ID, in hex. */
  keyOf(sessionId: string): string {
    return createHash('sha256').update(sessionId).digest('hex');
  }

  /** The session as stored now, read from the database (for tools and tests: no checks, nothing changed). */
  async read(sessionId: string): Promise<StoredSession | null> {
    const record = await this.find(this.keyOf(sessionId));
    return record && valid(record)
      ? {
          key: record.key,
          data: record.data,
          createdAt: new Date(record.createdAt),
          lastModified: new Date(record.lastModified),
          expires: new Date(record.expires),
          userId: record.userId,
          client: record.client,
        }
      : null;
  }

  /** Whether this session object was read from, or written to, the database. */
  isStored(session: object): boolean {
    return this.tracked.has(session);
  }

  /** When the session was created (ms); undefined for a session nothing has stored. */
  createdAtOf(session: object): number | undefined {
    return this.tracked.get(session)?.createdAt;
  }

  /** When the session expires if it stays unused from now on (ms); undefined before it is stored. */
  expiresAtOf(session: object): number | undefined {
    const tracked = this.tracked.get(session);
    return tracked
      ? this.expiryOf(tracked.createdAt, this.now(), session as Data)
      : undefined;
  }

  /**
   * The record this store holds for the session, in its database's own
   * layout (a MongoDB document, a Redis hash), as this request last read or
   * wrote it: no database round trip. Null for a session nothing has stored.
   * For teaching and debugging pages that show what the server keeps.
   */
  describe(
    sessionId: string,
    session: object,
  ): { key: string; record: Record<string, unknown> } | null {
    const tracked = this.tracked.get(session);
    if (!tracked) return null;
    const data: Data = { cookie: cookieJson((session as Data).cookie) };
    for (const [key, json] of tracked.snapshot)
      data[key] = JSON.parse(json) as unknown;
    const key = this.keyOf(sessionId);
    return { key, record: this.layout(key, data, tracked) };
  }

  /**
   * `session[key] += by`, written as an increment (`$inc`, `HINCRBY`), so
   * that parallel requests of one visitor that each add 1 all count. A key
   * that does not hold a whole number starts again at `by`.
   */
  increment(session: object, key: string, by = 1): number {
    const data = session as Data;
    const tracked = this.tracked.get(data);
    const current = data[key] ?? 0;
    if (!Number.isSafeInteger(current)) {
      data[key] = by;
      tracked?.increments?.delete(key);
      return by;
    }
    const next = (current as number) + by;
    data[key] = next;
    if (tracked) {
      tracked.increments ??= new Map();
      tracked.increments.set(key, (tracked.increments.get(key) ?? 0) + by);
    }
    return next;
  }

  /**
   * Stores a session read from another store's format (a migration, see
   * migrate.ts) under this store's key, keeping its creation time and, within
   * this store's timeouts, its expiry. False when it has expired or is no
   * session (no cookie).
   */
  async importSession(
    sessionId: string,
    data: Data,
    { createdAt, expires }: { createdAt: number; expires: number },
  ): Promise<boolean> {
    if (typeof data.cookie !== 'object' || data.cookie === null) return false;
    const now = this.now();
    const times = this.timesFor(createdAt, now, data);
    times.expires = Math.min(times.expires, expires);
    if (times.expires <= now) return false;
    await this.insert(this.keyOf(sessionId), data, times, null);
    return true;
  }

  /** Whether saving the session would write nothing: nothing stores it, and it holds nothing. */
  holdsNothing(session: object): boolean {
    return !this.tracked.has(session) && dataKeys(session as Data).length === 0;
  }

  protected now(): number {
    return this.rules.clock?.() ?? Date.now();
  }

  // ---- the rules ---------------------------------------------------------

  /** When a session created at createdAt, last used at lastUse, expires. */
  private expiryOf(createdAt: number, lastUse: number, data: Data): number {
    const maxAge = maxAgeOf(data);
    return Math.min(
      lastUse + this.idleMs,
      createdAt + this.absoluteMs,
      maxAge === null ? Infinity : lastUse + maxAge,
    );
  }

  private timesFor(createdAt: number, now: number, data: Data): WriteTimes {
    return {
      now,
      createdAt,
      expires: this.expiryOf(createdAt, now, data),
      userId: this.rules.userIdOf?.(data) ?? null,
    };
  }

  private async loadData(sid: string): Promise<Data | null> {
    const key = this.keyOf(sid);
    const record = await this.find(key);
    this.emit('get', sid);
    if (!record) return null;
    const now = this.now();
    if (
      !valid(record) ||
      Math.min(
        record.expires,
        this.expiryOf(record.createdAt, record.lastModified, record.data),
      ) <= now
    ) {
      // Expired, or unreadable: never served, and removed now rather than left to linger.
      await this.remove(key);
      this.emit('destroy', sid);
      return null;
    }
    const { data } = record;
    this.tracked.set(data, {
      snapshot: snapshotOf(data),
      maxAge: maxAgeOf(data),
      userId: record.userId,
      createdAt: record.createdAt,
      lastModified: record.lastModified,
      expires: record.expires,
    });
    return data;
  }

  private async save(sid: string, data: Data): Promise<void> {
    const key = this.keyOf(sid);
    const now = this.now();
    const tracked = this.tracked.get(data);
    const snapshot = snapshotOf(data);
    if (!tracked) return this.create(sid, key, data, snapshot, now);
    const times = this.timesFor(tracked.createdAt, now, data);
    const changes = changesOf(tracked, snapshot, data, times.userId);
    // Saved again with nothing new: at most a touch.
    if (!changes) return this.touchSession(sid, data);
    this.checkSize(data, snapshot, tracked.snapshot);
    if (!(await this.update(key, data, changes, times))) {
      // Deleted while the request ran (logout elsewhere, revocation): it stays deleted.
      this.tracked.delete(data);
      return;
    }
    this.remember(data, snapshot, times);
    this.emit('update', sid);
    this.emit('set', sid);
  }

  /** The first write of a session object this store never read. */
  private async create(
    sid: string,
    key: string,
    data: Data,
    snapshot: Snapshot,
    now: number,
  ): Promise<void> {
    this.checkSize(data, snapshot, new Map());
    let times = this.timesFor(now, now, data);
    const client = clientOf(data, this.rules.clientOf);
    const { created, createdAt } = await this.insert(key, data, times, client);
    if (createdAt !== now) {
      // Saved before under this ID: its creation time stands, and its absolute lifetime with it.
      times = this.timesFor(createdAt, now, data);
      await this.refresh(key, times);
    }
    this.remember(data, snapshot, times);
    this.emit(created ? 'create' : 'update', sid);
    this.emit('set', sid);
  }

  private async touchSession(sid: string, data: Data): Promise<void> {
    const key = this.keyOf(sid);
    const now = this.now();
    // A session object this store never read: what it knows comes from the record.
    const known: Pick<Tracked, 'createdAt' | 'lastModified'> | null =
      this.tracked.get(data) ?? validOrNull(await this.find(key));
    if (!known) return;
    const maxAge = maxAgeOf(data);
    const touchAfter = Math.min(
      this.touchAfterMs,
      maxAge === null ? Infinity : maxAge / 10,
    );
    if (now - known.lastModified < touchAfter) return;
    const times = this.timesFor(known.createdAt, now, data);
    if (!(await this.refresh(key, times))) return;
    const tracked = this.tracked.get(data);
    if (tracked) {
      tracked.lastModified = now;
      tracked.expires = times.expires;
    }
    this.emit('touch', sid, data);
  }

  private remember(data: Data, snapshot: Snapshot, times: WriteTimes): void {
    this.tracked.set(data, {
      snapshot,
      maxAge: maxAgeOf(data),
      userId: times.userId,
      createdAt: times.createdAt,
      lastModified: times.now,
      expires: times.expires,
    });
  }

  /**
   * Refuses a write that would grow the session past maxBytes, and puts the
   * session object back as it was stored (a new one loses its keys), so that
   * nothing writes the refused changes later in the request.
   */
  private checkSize(data: Data, now: Snapshot, stored: Snapshot): void {
    const bytes = sizeOf(now);
    if (bytes <= this.maxBytes || bytes <= sizeOf(stored)) return;
    for (const key of dataKeys(data)) if (!stored.has(key)) delete data[key];
    for (const [key, json] of stored) data[key] = JSON.parse(json) as unknown;
    this.tracked.get(data)?.increments?.clear();
    throw new SessionTooLargeError(bytes, this.maxBytes);
  }
}

/** A record of this store's own format: decoded data with a cookie, and its three times. */
function valid(record: StoredRecord): record is StoredRecord & {
  data: Data;
  createdAt: number;
  lastModified: number;
  expires: number;
} {
  return (
    record.data !== null &&
    typeof record.data.cookie === 'object' &&
    record.data.cookie !== null &&
    record.createdAt !== null &&
    record.lastModified !== null &&
    record.expires !== null
  );
}

function validOrNull(record: StoredRecord | null) {
  return record && valid(record) ? record : null;
}

/** The cookie as express-session stores it (its toJSON), or as given. */
export function cookieJson(cookie: unknown): object {
  if (typeof cookie !== 'object' || cookie === null) return {};
  const toJSON = (cookie as { toJSON?: () => object }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(cookie) : { ...cookie };
}

/** The client behind the request that created the session (express-session keeps it as `session.req`). */
function clientOf(
  data: Data,
  describe: SessionRules['clientOf'],
): object | null {
  const req = (data as { req?: Request }).req;
  return describe && req?.headers ? describe(req) : null;
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${name} must be a positive number, not ${value}`);
  return value;
}

/** Calls back once, outside the promise chain, so that a throwing callback cannot be called again. */
function settle<T>(promise: Promise<T>, callback: Callback<T>): void {
  promise.then(
    (value) => process.nextTick(callback, null, value),
    (error: unknown) => process.nextTick(callback, error),
  );
}

function noop(): void {}
