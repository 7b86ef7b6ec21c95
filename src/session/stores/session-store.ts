import type { Request } from 'express';
import { Store, type SessionData } from 'express-session';
import {
  describeClient,
  type ClientDescription,
} from '../client-description.js';
import type { StoreSettings } from '../session-options.js';
import {
  SessionTracker,
  isUnchanged,
  maxAgeOf,
  type SessionChanges,
} from './session-tracker.js';
import { storageKeyOf } from './session-key.js';
import type { StoredSession, UserSession } from './stored-session.js';

type Callback<T = void> = (error: unknown, value?: T) => void;
type Data = Record<string, unknown>;

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

/**
 * What the MongoDB and Redis stores share: express-session's Store API on
 * top of a few storage operations, with the rules that make sessions safe
 * whatever holds them:
 * - the timeouts are the server's: a session expires at the earliest of
 *   "idle timeout after its last use", "absolute lifetime after its creation"
 *   and its own deadline, whatever the cookie says; an expired session is
 *   never served, even before the database removes it;
 * - the creation time never moves forward: it comes from the record (its
 *   `createdAt`, else `lastModified`, else the first time this store sees it,
 *   stored at once), never from a save;
 * - an existing session is saved key by key (see SessionTracker), so parallel
 *   requests of one visitor keep each other's changes; only a session nothing
 *   has stored yet is written whole, and a session deleted while a request
 *   ran (logout, revocation) is not brought back by its end;
 * - an unchanged session is touched at most every `touchAfterMs`;
 * - sessions are stored under a digest of their ID (storageKeyOf);
 * - every callback is called exactly once, also when the database is down.
 *
 * Events, once each: `get`, `create` or `update` then `set`, `touch` (only
 * when a record was touched), `destroy`.
 */
export abstract class SessionStore extends Store {
  readonly tracker = new SessionTracker();

  protected constructor(protected readonly timeouts: StoreSettings) {
    super();
  }

  // ---- storage operations, one per store -------------------------------

  /** The record of this session ID, or null. */
  protected abstract readRecord(sid: string): Promise<LoadedRecord | null>;
  /** Stores a creation time on a record that has none (once). */
  protected abstract storeCreatedAt(
    key: string,
    createdAt: number,
  ): Promise<void>;
  /**
   * Writes a whole session, creating the record when there is none; says
   * whether it created it. `createdAt` is written only on creation.
   */
  protected abstract writeWhole(
    key: string,
    data: Data,
    times: WriteTimes,
    client: ClientDescription | null,
    options: { mayCreate: boolean },
  ): Promise<{ record: StoredSession; created: boolean } | null>;
  /** Writes only the changes; null when the record is gone. */
  protected abstract writeChanges(
    key: string,
    data: Data,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<StoredSession | null>;
  /** Pushes the expiry back; false when the record is gone. */
  protected abstract touchRecord(
    key: string,
    times: WriteTimes,
  ): Promise<boolean>;
  /** Deletes the record of this session ID; false when there was none. */
  protected abstract deleteRecord(sid: string): Promise<boolean>;
  protected abstract allRecords(now: number): Promise<Data[]>;
  protected abstract countRecords(now: number): Promise<number>;
  protected abstract deleteAll(): Promise<void>;

  /** The user's sessions that have not expired. */
  abstract userSessions(userId: string): Promise<UserSession[]>;
  /** Ends one of the user's sessions by its storage key; false when it is not theirs. */
  abstract destroyUserSession(userId: string, key: string): Promise<boolean>;
  /** Ends every session of the user but the one with this ID; returns how many. */
  abstract destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number>;
  /** The record as the database holds it now (no checks, nothing changed). */
  abstract read(sid: string): Promise<StoredSession | null>;
  /** Whether the database answers. */
  abstract ping(timeoutMs: number): Promise<boolean>;
  /** Starts and stops whatever the store runs besides requests (removal of expired records). */
  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  /** What the health check and the course page call this store. */
  abstract readonly kind: 'mongodb' | 'redis';

  // ---- express-session's Store API --------------------------------------

  override get(sid: string, callback: Callback<SessionData | null>): void {
    settle(this.loadSession(sid), callback);
  }

  override set(
    sid: string,
    session: SessionData,
    callback: Callback = noop,
  ): void {
    settle(this.saveSession(sid, session as unknown as Data), callback);
  }

  override touch(
    sid: string,
    session: SessionData,
    callback: Callback = noop,
  ): void {
    settle(this.touchSession(sid, session as unknown as Data), callback);
  }

  override destroy(sid: string, callback: Callback = noop): void {
    settle(
      this.deleteRecord(sid).then(() => {
        this.emit('destroy', sid);
      }),
      callback,
    );
  }

  override all(
    callback: Callback<SessionData[] | { [sid: string]: SessionData } | null>,
  ): void {
    settle(
      this.allRecords(this.now()).then(
        (records) => records as unknown as SessionData[],
      ),
      callback,
    );
  }

  override length(callback: Callback<number>): void {
    settle(this.countRecords(this.now()), callback);
  }

  override clear(callback: Callback = noop): void {
    settle(this.deleteAll(), callback);
  }

  /** express-session builds each loaded session here: what the store knows follows it. */
  override createSession(
    req: Request,
    data: SessionData,
  ): ReturnType<Store['createSession']> {
    const session = super.createSession(req, data);
    this.tracker.adopt(data, session);
    return session;
  }

  // ---- what the app asks of the store -----------------------------------

  /** The key the session with this ID is stored under. */
  keyOf(sid: string): string {
    return storageKeyOf(sid);
  }

  /** When the session created at `createdAt` and last used at `lastUse` expires. */
  expiryOf(
    createdAt: number,
    lastUse: number,
    deadline: number | null = null,
  ): number {
    return Math.min(
      lastUse + this.timeouts.idleMs,
      createdAt + this.timeouts.absoluteMs,
      deadline ?? Infinity,
    );
  }

  /** When the session was created (ms), once stored; undefined for a new one. */
  createdAtOf(session: object): number | undefined {
    return this.tracker.get(session)?.createdAt;
  }

  /** The record as the database returned it to this process for this session object. */
  recordOf(session: object): StoredSession | null {
    return this.tracker.get(session)?.record ?? null;
  }

  /** Whether the session object came from the database or was written to it. */
  hasStored(session: object): boolean {
    return this.tracker.get(session) !== undefined;
  }

  /** Whether saving the session would write anything. */
  isChanged(session: object): boolean {
    const data = session as Data;
    const changes = this.tracker.changes(data, this.userIdOf(data));
    if (changes === null)
      return Object.keys(data).some(
        (key) => key !== 'cookie' && data[key] !== undefined,
      );
    return !isUnchanged(changes);
  }

  protected now(): number {
    return this.timeouts.clock();
  }

  protected userIdOf(data: Data): string | null {
    return this.timeouts.userIdOf?.(data) ?? null;
  }

  // ---- the shared rules -------------------------------------------------

  private async loadSession(sid: string): Promise<SessionData | null> {
    const loaded = await this.readRecord(sid);
    this.emit('get', sid);
    if (!loaded) return null;
    const { data, key } = loaded;
    const now = this.now();
    if (!data) {
      // Unreadable: it can never be served, and would linger until removed.
      await this.deleteRecord(sid);
      return null;
    }
    // Stored at once when the record has none: derived again later, from a
    // lastModified that writes move forward, it would restart the lifetime.
    const createdAt = loaded.createdAt ?? loaded.lastModified ?? now;
    if (loaded.createdAt === null) await this.storeCreatedAt(key, createdAt);
    const lastUse = loaded.lastModified ?? createdAt;
    const expires = Math.min(
      loaded.expires ?? Infinity,
      this.expiryOf(createdAt, lastUse, loaded.deadline),
    );
    if (expires <= now) {
      await this.deleteRecord(sid);
      this.emit('destroy', sid);
      return null;
    }
    if (!isCookie(data.cookie)) data.cookie = { ...this.timeouts.cookie };
    this.tracker.loaded(data, {
      maxAge: maxAgeOf(data),
      createdAt,
      deadline: loaded.deadline,
      userId: loaded.userId,
      lastModified: loaded.lastModified,
      outdated: loaded.outdated,
      record: loaded.record,
    });
    return data as unknown as SessionData;
  }

  private async saveSession(sid: string, session: Data): Promise<void> {
    const key = this.keyOf(sid);
    const now = this.now();
    const tracked = this.tracker.get(session);
    const userId = this.userIdOf(session);
    const changes = this.tracker.changes(session, userId);
    const data = { ...session, cookie: cookieJson(session.cookie) };
    if (tracked && changes) {
      // Saved again with nothing new (express-session saves a regenerated
      // session once more at the end of the response): at most a touch.
      if (isUnchanged(changes)) return this.touchSession(sid, session);
      const times = this.timesFor(tracked.createdAt, now, session, userId);
      const record = changes.whole
        ? (await this.writeWhole(key, data, times, null, { mayCreate: false }))
            ?.record
        : await this.writeChanges(key, data, changes, times);
      // Deleted while the request ran (logout elsewhere, revocation): stays deleted.
      if (!record) return this.tracker.forget(session);
      this.remember(session, changes, tracked.createdAt, record);
      this.emit('update', sid);
      this.emit('set', sid);
      return;
    }
    const times = this.timesFor(now, now, session, userId);
    const written = await this.writeWhole(key, data, times, clientOf(session), {
      mayCreate: true,
    });
    if (!written) return;
    let { record } = written;
    const createdAt = record.createdAt.getTime();
    // Saved before under this ID (a second save, or a record this process
    // never loaded): its creation time stands, and so does its expiry.
    if (!written.created && createdAt < now) {
      const fixed = this.timesFor(createdAt, now, session, userId);
      if (fixed.expires !== times.expires) {
        await this.touchRecord(key, fixed);
        record = { ...record, expires: new Date(fixed.expires) };
      }
    }
    this.remember(session, null, createdAt, record);
    this.emit(written.created ? 'create' : 'update', sid);
    this.emit('set', sid);
  }

  private async touchSession(sid: string, session: Data): Promise<void> {
    const now = this.now();
    const tracked = this.tracker.get(session);
    // A session object this store never loaded: what it knows comes from the record.
    const known = tracked ?? (await this.readRecord(sid));
    if (!known) return;
    if (now - (known.lastModified ?? 0) < this.timeouts.touchAfterMs) return;
    const createdAt = known.createdAt ?? known.lastModified ?? now;
    const times = this.timesFor(
      createdAt,
      now,
      session,
      this.userIdOf(session),
    );
    const touched = await this.touchRecord(this.keyOf(sid), times);
    if (!touched) return;
    if (tracked) {
      tracked.lastModified = now;
      tracked.record = null;
    }
    this.emit('touch', sid, session);
  }

  private timesFor(
    createdAt: number,
    now: number,
    session: Data,
    userId: string | null,
  ): WriteTimes {
    const deadline = this.tracker.deadlineOf(session);
    return {
      now,
      createdAt,
      deadline,
      userId,
      expires: this.expiryOf(createdAt, now, deadline),
    };
  }

  private remember(
    session: Data,
    changes: SessionChanges | null,
    createdAt: number,
    record: StoredSession,
  ): void {
    this.tracker.written(session, changes, {
      maxAge: maxAgeOf(session),
      createdAt,
      deadline: record.deadline?.getTime() ?? null,
      userId: record.userId,
      lastModified: record.lastModified?.getTime() ?? this.now(),
      outdated: false,
      record,
    });
  }
}

/** Calls back once, outside the promise chain, so that a throwing callback cannot be called again. */
function settle<T>(promise: Promise<T>, callback: Callback<T>): void {
  promise.then(
    (value) => process.nextTick(callback, null, value),
    (error: unknown) => process.nextTick(callback, error),
  );
}

function noop(): void {}

function isCookie(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cookieJson(cookie: unknown): object {
  if (!isCookie(cookie)) return {};
  const toJSON = (cookie as { toJSON?: () => object }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(cookie) : { ...cookie };
}

/** The client behind the request that created the session (express-session keeps it as `session.req`). */
function clientOf(session: object): ClientDescription | null {
  const req = (session as { req?: Request }).req;
  if (!req?.headers) return null;
  return describeClient(
    req.headers['user-agent'],
    req.ip ?? req.socket?.remoteAddress,
  );
}
