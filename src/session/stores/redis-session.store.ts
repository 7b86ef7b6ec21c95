import type { ClientDescription } from '../client-description.js';
import type { StoreSettings } from '../session-options.js';
import {
  RedisConnection,
  luaScript,
  type RedisStoreTarget,
} from './redis-connection.js';
import { storageKeyOf } from './session-key.js';
import {
  SessionStore,
  type LoadedRecord,
  type WriteTimes,
} from './session-store.js';
import type { SessionChanges } from './session-tracker.js';
import type { StoredSession, UserSession } from './stored-session.js';

/** Hash fields that hold the data: one per top-level key, as JSON. */
const DATA = 'd:';

/**
 * Writes a whole session. Removes the data fields the new data no longer
 * has, keeps `createdAt` and `client` when the record exists, and answers
 * [created (1/0), the previous owner, the hash after the write]; nothing when
 * the record is gone and may not be created.
 * ARGV: mayCreate, expires, now, createdAt, client, userId, deadline, cookie, then name/JSON pairs.
 */
const WRITE_WHOLE = luaScript(`
local key = KEYS[1]
local exists = redis.call('EXISTS', key) == 1
if not exists and ARGV[1] == '0' then return false end
local previousOwner = redis.call('HGET', key, 'userId')
local keep = {}
for i = 9, #ARGV, 2 do keep['${DATA}' .. ARGV[i]] = true end
for _, field in ipairs(redis.call('HKEYS', key)) do
  if string.sub(field, 1, ${DATA.length}) == '${DATA}' and not keep[field] then
    redis.call('HDEL', key, field)
  end
end
for i = 9, #ARGV, 2 do redis.call('HSET', key, '${DATA}' .. ARGV[i], ARGV[i + 1]) end
redis.call('HSET', key, 'cookie', ARGV[8], 'expires', ARGV[2], 'lastModified', ARGV[3])
redis.call('HSETNX', key, 'createdAt', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSETNX', key, 'client', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', key, 'userId', ARGV[6]) else redis.call('HDEL', key, 'userId') end
if ARGV[7] ~= '' then redis.call('HSET', key, 'deadline', ARGV[7]) else redis.call('HDEL', key, 'deadline') end
redis.call('PEXPIREAT', key, ARGV[2])
return {exists and 0 or 1, previousOwner or '', redis.call('HGETALL', key)}
`);

/**
 * Writes one request's changes to an existing session, atomically: set and
 * removed keys, increments (HINCRBY, or a plain set when another request
 * stored something else than a whole number meanwhile), the cookie, the
 * times, the owner and the deadline. Answers [the previous owner, the hash
 * after the write]; nothing when the session is gone (it stays gone).
 * ARGV: expires, now, cookie, ownerMode (keep/set/unset), owner, deadlineMode, deadline,
 * then a count and name/JSON pairs to set, a count and names to remove, a count and
 * name/by/fallback-JSON triples to increment.
 */
const WRITE_CHANGES = luaScript(`
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return false end
local previousOwner = redis.call('HGET', key, 'userId')
local i = 8
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HSET', key, '${DATA}' .. ARGV[i], ARGV[i + 1]); i = i + 2 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HDEL', key, '${DATA}' .. ARGV[i]); i = i + 1 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local field = '${DATA}' .. ARGV[i]
  local current = redis.call('HGET', key, field)
  if current == false or string.match(current, '^%-?%d+$') then
    redis.call('HINCRBY', key, field, ARGV[i + 1])
  else
    redis.call('HSET', key, field, ARGV[i + 2])
  end
  i = i + 3
end
redis.call('HSET', key, 'cookie', ARGV[3], 'expires', ARGV[1], 'lastModified', ARGV[2])
if ARGV[4] == 'set' then redis.call('HSET', key, 'userId', ARGV[5]) elseif ARGV[4] == 'unset' then redis.call('HDEL', key, 'userId') end
if ARGV[6] == 'set' then redis.call('HSET', key, 'deadline', ARGV[7]) elseif ARGV[6] == 'unset' then redis.call('HDEL', key, 'deadline') end
redis.call('PEXPIREAT', key, ARGV[1])
return {previousOwner or '', redis.call('HGETALL', key)}
`);

/** Pushes an existing session's expiry back. ARGV: expires, now. */
const TOUCH = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1], 'lastModified', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`);

/** Deletes a session; answers [deleted (1/0), its owner]. */
const DELETE = luaScript(`
local owner = redis.call('HGET', KEYS[1], 'userId')
return {redis.call('DEL', KEYS[1]), owner or ''}
`);

/**
 * Adds a session to its owner's index (a sorted set scored by the latest the
 * session can live: its creation plus the absolute lifetime), drops entries
 * past that, and keeps the index itself no longer than its last entry.
 * ARGV: the session's key, its latest end, now.
 */
const INDEX_ADD = luaScript(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
return 1
`);

type Hash = Record<string, string>;

/**
 * Sessions in Redis, one hash per session under `sess:{<sha256 of the ID>}`:
 * a field per top-level key (`d:<key>`, as JSON), the cookie, the times, the
 * owner. Every write is a Lua script on that one key, so it is atomic and
 * only writes what changed (HSET / HDEL / HINCRBY), and PEXPIREAT makes Redis
 * itself remove the session when it expires. The braces are a hash tag: on a
 * Redis Cluster a session's key names its slot, and nothing needs a
 * cross-slot operation.
 *
 * A user's sessions are listed through an index per user,
 * `sess:user:{<user id>}`, a sorted set of session keys. It lives in another
 * slot than the sessions it lists, so it is kept in step by separate
 * commands: added to when a session gets an owner, removed from when it
 * loses one or is deleted, and read through the sessions themselves
 * (an entry whose session is gone, expired or owned by someone else is
 * dropped when seen). Listing a user's sessions is one command for the index
 * and one per session.
 */
export class RedisSessionStore extends SessionStore {
  readonly kind = 'redis';
  readonly connection: RedisConnection;
  /** connect-redis's default, `sess:`: `<prefix><ID>` is a connect-redis session. */
  private readonly prefix: string;

  constructor(settings: StoreSettings, target: RedisStoreTarget) {
    super(settings);
    this.connection = new RedisConnection(target);
    this.prefix = target.prefix ?? 'sess:';
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

  private indexKeyOf(userId: string): string {
    return `${this.prefix}user:{${userId}}`;
  }

  // ---- storage operations ------------------------------------------------

  protected async readRecord(sid: string): Promise<LoadedRecord | null> {
    const key = storageKeyOf(sid);
    const hash = await this.hgetall(key);
    if (hash) return this.toLoaded(key, hash);
    const adopted = await this.adoptConnectRedis(sid, key);
    return adopted ? this.toLoaded(key, adopted) : null;
  }

  /**
   * A session connect-redis stored (`sess:<ID>`, the session as one JSON
   * string) moves into this store's hash the first time it is read; its
   * creation time is that moment (connect-redis keeps none).
   */
  private async adoptConnectRedis(
    sid: string,
    key: string,
  ): Promise<Hash | null> {
    const legacyKey = `${this.prefix}${sid}`;
    const json = await this.connection.command(
      legacyKey,
      ['GET', legacyKey],
      true,
    );
    if (typeof json !== 'string') return null;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      data = null;
    }
    const now = this.now();
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      await this.connection.command(legacyKey, ['DEL', legacyKey]);
      return null;
    }
    const record = data as Record<string, unknown>;
    const ttl = await this.connection.command(
      legacyKey,
      ['PTTL', legacyKey],
      true,
    );
    const expires =
      typeof ttl === 'number' && ttl > 0
        ? now + ttl
        : now + this.timeouts.idleMs;
    const userId = this.userIdOf(record);
    const written = await this.writeWhole(
      key,
      record,
      { now, expires, createdAt: now, deadline: null, userId },
      null,
      { mayCreate: true },
    );
    await this.connection.command(legacyKey, ['DEL', legacyKey]);
    return written ? this.toHash(written.record) : null;
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
    const { cookie, ...values } = data;
    const pairs = Object.entries(values).flatMap(([name, value]) =>
      value === undefined ? [] : [name, JSON.stringify(value)],
    );
    const reply = await this.connection.script(
      WRITE_WHOLE,
      this.hashKeyOf(key),
      [
        mayCreate ? '1' : '0',
        String(times.expires),
        String(times.now),
        String(times.createdAt),
        client ? JSON.stringify(client) : '',
        times.userId ?? '',
        times.deadline === null ? '' : String(times.deadline),
        JSON.stringify(cookie ?? {}),
        ...pairs,
      ],
    );
    if (!Array.isArray(reply)) return null;
    const [created, previousOwner, fields] = reply as [
      number,
      string,
      string[],
    ];
    const record = this.toStored(key, hashOf(fields));
    await this.reindex(key, previousOwner || null, record);
    return { record, created: created === 1 };
  }

  protected async writeChanges(
    key: string,
    data: Record<string, unknown>,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<StoredSession | null> {
    const json = (name: string) => JSON.stringify(data[name] ?? null);
    const mode = (changed: boolean, value: unknown) =>
      !changed
        ? 'keep'
        : value === null || value === undefined
          ? 'unset'
          : 'set';
    const reply = await this.connection.script(
      WRITE_CHANGES,
      this.hashKeyOf(key),
      [
        String(times.expires),
        String(times.now),
        JSON.stringify(data.cookie ?? {}),
        mode(changes.userId, times.userId),
        times.userId ?? '',
        mode(changes.deadline, times.deadline),
        times.deadline === null ? '' : String(times.deadline),
        String(changes.set.length),
        ...changes.set.flatMap((name) => [name, json(name)]),
        String(changes.unset.length),
        ...changes.unset,
        String(changes.inc.size),
        ...[...changes.inc].flatMap(([name, by]) => [
          name,
          String(by),
          json(name),
        ]),
      ],
    );
    if (!Array.isArray(reply)) return null;
    const [previousOwner, fields] = reply as [string, string[]];
    const record = this.toStored(key, hashOf(fields));
    if (changes.userId) await this.reindex(key, previousOwner || null, record);
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
    const legacyKey = `${this.prefix}${sid}`;
    const deleted = await this.connection.command(legacyKey, [
      'DEL',
      legacyKey,
    ]);
    return deleted === 1;
  }

  private async deleteByKey(key: string): Promise<boolean> {
    const reply = await this.connection.script(DELETE, this.hashKeyOf(key), []);
    const [deleted, owner] = reply as [number, string];
    if (owner) await this.unindex(owner, key);
    return deleted === 1;
  }

  protected async allRecords(now: number): Promise<Record<string, unknown>[]> {
    const records = await this.liveRecords(now);
    return records.map((record) => record.data);
  }

  protected async countRecords(now: number): Promise<number> {
    return (await this.liveRecords(now)).length;
  }

  protected async deleteAll(): Promise<void> {
    const keys = await this.connection.scan(`${this.prefix}*`);
    for (const key of keys) await this.connection.command(key, ['DEL', key]);
  }

  private async liveRecords(now: number): Promise<StoredSession[]> {
    const keys = await this.connection.scan(`${this.prefix}{*}`);
    const records = await Promise.all(
      keys.map(async (hashKey) => {
        const key = hashKey.slice(this.prefix.length + 1, -1);
        const hash = await this.hgetall(key);
        return hash ? this.toStored(key, hash) : null;
      }),
    );
    return records.filter(
      (record): record is StoredSession =>
        record !== null && record.expires.getTime() > now,
    );
  }

  // ---- a user's sessions -------------------------------------------------

  async userSessions(userId: string): Promise<UserSession[]> {
    const sessions = await this.ownedSessions(userId);
    return sessions.map(({ key, createdAt, expires, lastSeenAt, client }) => ({
      key,
      createdAt,
      expires,
      lastSeenAt,
      client,
    }));
  }

  async destroyUserSession(userId: string, key: string): Promise<boolean> {
    const hash = await this.hgetall(key);
    if (!hash || hash.userId !== userId) return false;
    return this.deleteByKey(key);
  }

  async destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number> {
    const keep = storageKeyOf(keepSessionId);
    const sessions = await this.ownedSessions(userId);
    const deleted = await Promise.all(
      sessions
        .filter(({ key }) => key !== keep)
        .map(({ key }) => this.deleteByKey(key)),
    );
    return deleted.filter(Boolean).length;
  }

  /** The user's live sessions, through the index; entries that no longer hold are dropped. */
  private async ownedSessions(userId: string): Promise<StoredSession[]> {
    const indexKey = this.indexKeyOf(userId);
    const now = this.now();
    const keys = (await this.connection.command(
      indexKey,
      ['ZRANGEBYSCORE', indexKey, String(now), '+inf'],
      true,
    )) as string[];
    const found = await Promise.all(
      keys.map(async (key) => {
        const hash = await this.hgetall(key);
        const record = hash ? this.toStored(key, hash) : null;
        if (
          record &&
          record.userId === userId &&
          record.expires.getTime() > now
        )
          return record;
        await this.unindex(userId, key);
        return null;
      }),
    );
    return found.filter((record): record is StoredSession => record !== null);
  }

  /** Moves a session from its previous owner's index to its current one's. */
  private async reindex(
    key: string,
    previousOwner: string | null,
    record: StoredSession,
  ): Promise<void> {
    if (previousOwner && previousOwner !== record.userId)
      await this.unindex(previousOwner, key);
    if (record.userId && previousOwner !== record.userId) {
      const indexKey = this.indexKeyOf(record.userId);
      await this.connection.script(INDEX_ADD, indexKey, [
        key,
        String(record.createdAt.getTime() + this.timeouts.absoluteMs),
        String(this.now()),
      ]);
    }
  }

  private async unindex(userId: string, key: string): Promise<void> {
    const indexKey = this.indexKeyOf(userId);
    await this.connection.command(indexKey, ['ZREM', indexKey, key]);
  }

  async read(sid: string): Promise<StoredSession | null> {
    const key = storageKeyOf(sid);
    const hash = await this.hgetall(key);
    return hash ? this.toStored(key, hash) : null;
  }

  // ---- hashes ------------------------------------------------------------

  private async hgetall(key: string): Promise<Hash | null> {
    const hashKey = this.hashKeyOf(key);
    const fields = (await this.connection.command(
      hashKey,
      ['HGETALL', hashKey],
      true,
    )) as string[];
    return fields.length > 0 ? hashOf(fields) : null;
  }

  private toLoaded(key: string, hash: Hash): LoadedRecord {
    return {
      key,
      data: dataOf(hash),
      createdAt: msOf(hash.createdAt),
      lastModified: msOf(hash.lastModified),
      expires: msOf(hash.expires),
      deadline: msOf(hash.deadline),
      userId: hash.userId ?? null,
      outdated: false,
      record: this.toStored(key, hash),
    };
  }

  private toStored(key: string, hash: Hash): StoredSession {
    const createdAt = msOf(hash.createdAt) ?? msOf(hash.lastModified);
    const lastModified = msOf(hash.lastModified);
    let client: ClientDescription | null = null;
    try {
      client = hash.client
        ? (JSON.parse(hash.client) as ClientDescription)
        : null;
    } catch {
      client = null;
    }
    return {
      key,
      data: dataOf(hash) ?? {},
      createdAt: new Date(createdAt ?? this.now()),
      expires: new Date(msOf(hash.expires) ?? 8.64e15),
      lastModified: lastModified === null ? null : new Date(lastModified),
      lastSeenAt: lastModified === null ? null : new Date(lastModified),
      userId: hash.userId ?? null,
      client,
      deadline:
        msOf(hash.deadline) === null ? null : new Date(msOf(hash.deadline)!),
      raw: { key: this.hashKeyOf(key), hash },
      bytes: Object.entries(hash).reduce(
        (sum, [field, value]) =>
          sum + Buffer.byteLength(field) + Buffer.byteLength(value),
        0,
      ),
    };
  }

  /** The hash of a record this store wrote, as Redis holds it. */
  private toHash(record: StoredSession): Hash {
    return (record.raw as { hash: Hash }).hash;
  }
}

/** A flat [field, value, …] reply as an object. */
function hashOf(fields: string[]): Hash {
  const hash: Hash = {};
  for (let i = 0; i + 1 < fields.length; i += 2)
    hash[fields[i]] = fields[i + 1];
  return hash;
}

/** The session data of a hash: its cookie and its `d:` fields; null when a field is not JSON. */
function dataOf(hash: Hash): Record<string, unknown> | null {
  const data: Record<string, unknown> = {};
  try {
    if (hash.cookie !== undefined) data.cookie = JSON.parse(hash.cookie);
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(DATA))
        data[field.slice(DATA.length)] = JSON.parse(value);
    }
  } catch {
    return null;
  }
  return data;
}

function msOf(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : null;
}
