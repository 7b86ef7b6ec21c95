import type { ClientDescription } from '../client-description.js';
import type { StoreSettings } from '../session-options.js';
import { RedisConnection, type RedisStoreTarget } from './redis-connection.js';
import { hashOf, loadedOf, storedOf, type Hash } from './redis-hashes.js';
import {
  DELETE,
  TOUCH,
  WRITE_CHANGES,
  WRITE_WHOLE,
  changesArgs,
  wholeArgs,
} from './redis-scripts.js';
import {
  readConnectRedisSession,
  removeConnectRedisSession,
} from './redis-legacy.js';
import { RedisUserIndex } from './redis-user-index.js';
import { storageKeyOf } from './session-key.js';
import {
  SessionStore,
  type LoadedRecord,
  type WriteTimes,
} from './session-store.js';
import type { SessionChanges } from './session-tracker.js';
import type { StoredSession, UserSession } from './stored-session.js';

/**
 * Sessions in Redis, one hash per session under `sess:{<sha256 of the ID>}`:
 * a field per top-level key (`d:<key>`, as JSON), the cookie, the times, the
 * owner. Every write is a Lua script on that one key (redis-scripts.ts), so
 * it is atomic and only writes what changed (HSET / HDEL / HINCRBY), and
 * PEXPIREAT makes Redis itself remove the session when it expires. The
 * braces are a hash tag: on a Redis Cluster a session's key names its slot,
 * and nothing needs a cross-slot operation. A user's sessions are listed
 * through an index per user (RedisUserIndex).
 */
export class RedisSessionStore extends SessionStore {
  readonly kind = 'redis';
  readonly connection: RedisConnection;
  /** connect-redis's default, `sess:`: `<prefix><ID>` is a connect-redis session. */
  private readonly prefix: string;
  private readonly users: RedisUserIndex;

  constructor(settings: StoreSettings, target: RedisStoreTarget) {
    super(settings);
    this.connection = new RedisConnection(target);
    this.prefix = target.prefix ?? 'sess:';
    this.users = new RedisUserIndex(this.connection, this.prefix, {
      find: (key) => this.findByKey(key),
      delete: (key) => this.deleteByKey(key),
      absoluteMs: settings.absoluteMs,
    });
  }

  async start(): Promise<void> {
    await this.connection.connect();
  }

  async stop(): Promise<void> {
    await this.connection.close();
  }

  ping(timeoutMs: number): Promise<boolean> {
    return this.connection.ping(timeoutMs);
  }

  /** The Redis key of a session's hash. */
  hashKeyOf(storageKey: string): string {
    return `${this.prefix}{${storageKey}}`;
  }

  // ---- storage operations ------------------------------------------------

  protected async readRecord(sid: string): Promise<LoadedRecord | null> {
    const key = storageKeyOf(sid);
    const hash = (await this.hgetall(key)) ?? (await this.adopt(sid, key));
    return hash ? loadedOf(key, this.hashKeyOf(key), hash, this.now()) : null;
  }

  /**
   * A session connect-redis stored (`sess:<ID>`, the session as one JSON
   * string) moves into this store's hash the first time it is read; its
   * creation time is that moment (connect-redis keeps none).
   */
  private async adopt(sid: string, key: string): Promise<Hash | null> {
    const now = this.now();
    const legacyKey = `${this.prefix}${sid}`;
    const legacy = await readConnectRedisSession(this.connection, legacyKey);
    if (!legacy) return null;
    const times = {
      now,
      expires: now + (legacy.ttlMs ?? this.timeouts.idleMs),
      createdAt: now,
      deadline: null,
      userId: this.userIdOf(legacy.data),
    };
    const written = await this.writeWhole(key, legacy.data, times, null, {
      mayCreate: true,
    });
    await removeConnectRedisSession(this.connection, legacyKey);
    return written ? (written.record.raw as { hash: Hash }).hash : null;
  }

  protected async storeCreatedAt(
    key: string,
    createdAt: number,
  ): Promise<void> {
    const hashKey = this.hashKeyOf(key);
    await this.connection.command(hashKey, [
      'HSETNX',
      hashKey,
      'createdAt',
      String(createdAt),
    ]);
  }

  protected async writeWhole(
    key: string,
    data: Record<string, unknown>,
    times: WriteTimes,
    client: ClientDescription | null,
    { mayCreate }: { mayCreate: boolean },
  ): Promise<{ record: StoredSession; created: boolean } | null> {
    const reply = await this.connection.script(
      WRITE_WHOLE,
      this.hashKeyOf(key),
      wholeArgs(data, times, client, mayCreate),
    );
    if (!Array.isArray(reply)) return null;
    const [created, previousOwner, fields] = reply as [
      number,
      string,
      string[],
    ];
    const record = this.storedOf(key, hashOf(fields));
    await this.users.move(key, previousOwner || null, record, this.now());
    return { record, created: created === 1 };
  }

  protected async writeChanges(
    key: string,
    data: Record<string, unknown>,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<StoredSession | null> {
    const reply = await this.connection.script(
      WRITE_CHANGES,
      this.hashKeyOf(key),
      changesArgs(data, changes, times),
    );
    if (!Array.isArray(reply)) return null;
    const [previousOwner, fields] = reply as [string, string[]];
    const record = this.storedOf(key, hashOf(fields));
    if (changes.userId)
      await this.users.move(key, previousOwner || null, record, this.now());
    return record;
  }

  protected async touchRecord(
    key: string,
    times: WriteTimes,
  ): Promise<boolean> {
    const reply = await this.connection.script(TOUCH, this.hashKeyOf(key), [
      String(times.expires),
      String(times.now),
    ]);
    return reply === 1;
  }

  protected async deleteRecord(sid: string): Promise<boolean> {
    if (await this.deleteByKey(storageKeyOf(sid))) return true;
    const legacy = `${this.prefix}${sid}`;
    return (await this.connection.command(legacy, ['DEL', legacy])) === 1;
  }

  private async deleteByKey(key: string): Promise<boolean> {
    const reply = await this.connection.script(DELETE, this.hashKeyOf(key), []);
    const [deleted, owner] = reply as [number, string];
    if (owner) await this.users.remove(owner, key);
    return deleted === 1;
  }

  protected async allRecords(now: number): Promise<Record<string, unknown>[]> {
    const records = await this.liveRecords(now);
    return records.map((record) => record.data);
  }

  protected async countRecords(now: number): Promise<number> {
    return (await this.allRecords(now)).length;
  }

  protected async deleteAll(): Promise<void> {
    const keys = await this.connection.scan(`${this.prefix}*`);
    for (const key of keys) await this.connection.command(key, ['DEL', key]);
  }

  /** Every live session (a SCAN over every master): for tools and tests, not requests. */
  private async liveRecords(now: number): Promise<StoredSession[]> {
    const keys = await this.connection.scan(`${this.prefix}{*}`);
    const records = await Promise.all(
      keys.map((hashKey) =>
        this.findByKey(hashKey.slice(this.prefix.length + 1, -1)),
      ),
    );
    return records.filter(
      (record): record is StoredSession =>
        record !== null && record.expires.getTime() > now,
    );
  }

  // ---- a user's sessions -------------------------------------------------

  userSessions(userId: string): Promise<UserSession[]> {
    return this.users.sessionsOf(userId, this.now());
  }

  destroyUserSession(userId: string, key: string): Promise<boolean> {
    return this.users.destroy(userId, key);
  }

  destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number> {
    return this.users.destroyAllBut(
      userId,
      storageKeyOf(keepSessionId),
      this.now(),
    );
  }

  async read(sid: string): Promise<StoredSession | null> {
    return this.findByKey(storageKeyOf(sid));
  }

  private async hgetall(key: string): Promise<Hash | null> {
    const fields = await this.connection.hgetall(this.hashKeyOf(key));
    return fields.length > 0 ? hashOf(fields) : null;
  }

  private async findByKey(key: string): Promise<StoredSession | null> {
    const hash = await this.hgetall(key);
    return hash ? this.storedOf(key, hash) : null;
  }

  private storedOf(key: string, hash: Hash): StoredSession {
    return storedOf(key, this.hashKeyOf(key), hash, this.now());
  }
}
