import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';
import { isUnchanged } from './session-snapshot.js';
import { storageKeyOf } from './session-key.js';
import { SessionRules } from './session-rules.js';
import type { Data } from './store-records.js';
import type { StoredSession, UserSession } from './stored-session.js';

export type { LoadedRecord, WriteTimes } from './store-records.js';

type Callback<T = void> = (error: unknown, value?: T) => void;

/**
 * What the MongoDB and Redis stores share: express-session's Store API, and
 * what the app asks of a store, on top of the rules of SessionRules (the
 * server's timeouts, a creation time that never moves, key-by-key writes,
 * digests as keys). Every callback is called exactly once, also when the
 * database is down.
 *
 * Events, once each: `get`, `create` or `update` then `set`, `touch` (only
 * when a record was touched), `destroy`.
 */
export abstract class SessionStore extends SessionRules {
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
}

/** Calls back once, outside the promise chain, so that a throwing callback cannot be called again. */
function settle<T>(promise: Promise<T>, callback: Callback<T>): void {
  promise.then(
    (value) => process.nextTick(callback, null, value),
    (error: unknown) => process.nextTick(callback, error),
  );
}

function noop(): void {}
