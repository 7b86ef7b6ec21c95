import { Store, type SessionData } from 'express-session';
import type { ClientDescription } from '../client-description.js';
import type { StoreSettings } from '../session-options.js';
import {
  isUnchanged,
  maxAgeOf,
  type SessionChanges,
} from './session-snapshot.js';
import { SessionTracker } from './session-tracker.js';
import { storageKeyOf } from './session-key.js';
import {
  clientOf,
  cookieJson,
  isCookie,
  type Data,
  type LoadedRecord,
  type WriteTimes,
} from './store-records.js';
import type { StoredSession } from './stored-session.js';

/**
 * The rules every store keeps, on top of a few storage operations each
 * store implements (SessionStore adds express-session's API). The rules that make sessions safe
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
export abstract class SessionRules extends Store {
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

  protected now(): number {
    return this.timeouts.clock();
  }

  protected userIdOf(data: Data): string | null {
    return this.timeouts.userIdOf?.(data) ?? null;
  }
  // ---- the shared rules -------------------------------------------------

  protected async loadSession(sid: string): Promise<SessionData | null> {
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

  protected async saveSession(sid: string, session: Data): Promise<void> {
    const key = storageKeyOf(sid);
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

  protected async touchSession(sid: string, session: Data): Promise<void> {
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
    const touched = await this.touchRecord(storageKeyOf(sid), times);
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
