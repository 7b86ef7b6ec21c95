import { Logger } from '@nestjs/common';
import {
  createClient,
  createCluster,
  type RedisClientType,
  type RedisClusterType,
} from '@redis/client';
import { createHash } from 'node:crypto';
import { SessionStoreUnavailableError } from './errors.js';
import { dataKeys } from './session-changes.js';
import {
  SessionStore,
  type Data,
  type SessionChanges,
  type SessionRules,
  type StoredRecord,
  type RecordMeta,
  type UserSession,
  type WriteTimes,
} from './session-store.js';

export interface RedisSessionStoreOptions extends SessionRules {
  /** One server: `redis://` or `rediss://` (redis://127.0.0.1:6379 by default). */
  url?: string;
  /** Or some nodes of a Redis Cluster (the client finds the others). */
  clusterNodes?: string[];
  /** How long a command may take before the store calls Redis unavailable (ms). 2 s by default. */
  commandTimeoutMs?: number;
  /** The start of every key the store writes: `sess:` by default. Apps sharing one Redis give each its own. */
  prefix?: string;
}

/** The hash fields that hold the data: one per top-level key, as JSON. */
const DATA = 'd:';

/** A URL with any password replaced, safe to print. */
export function maskRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1****@');
}

/**
 * Sessions in Redis, a hash each under `<prefix>{<key>}`: a field per
 * top-level key of the data (`d:<name>`, JSON), the cookie, the times, the
 * owner and the client. Every write is a Lua script on that one key, so it is
 * atomic and writes only what changed (HSET, HDEL, HINCRBY); PEXPIREAT has
 * Redis remove the session when it expires. The braces are a hash tag: on a
 * Redis Cluster a session's key names its slot, and nothing needs a
 * cross-slot command. A user's sessions are found through a sorted set per
 * user, `<prefix>user:{<user id>}`, scored by the latest a session can live.
 *
 * Commands are never queued while the connection is down, and each has a
 * time limit: a Redis that is gone or frozen makes requests fail at once
 * with SessionStoreUnavailableError (a 503), not wait.
 */
export class RedisSessionStore extends SessionStore {
  readonly kind = 'redis';
  readonly prefix: string;
  private readonly logger = new Logger(RedisSessionStore.name);
  private readonly client: RedisClientType | RedisClusterType;
  private readonly timeoutMs: number;
  private readonly description: string;
  private connecting?: Promise<void>;
  private down = false;
  private lastError?: string;

  constructor(private readonly options: RedisSessionStoreOptions = {}) {
    super(options);
    this.prefix = options.prefix ?? 'sess:';
    this.timeoutMs = options.commandTimeoutMs ?? 2_000;
    const socket = {
      connectTimeout: this.timeoutMs,
      // Keep trying, at most every 2 s: the store recovers by itself once Redis is back.
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, 2_000),
    };
    const cluster = options.clusterNodes ?? [];
    this.description = cluster.length
      ? `the Redis Cluster at ${cluster.map(maskRedisUrl).join(', ')}`
      : `Redis at ${maskRedisUrl(options.url ?? 'redis://127.0.0.1:6379')}`;
    this.client = cluster.length
      ? (createCluster({
          rootNodes: cluster.map((url) => ({ url })),
          defaults: { socket, disableOfflineQueue: true },
          RESP: 2,
        }) as unknown as RedisClusterType)
      : (createClient({
          url: options.url,
          socket,
          disableOfflineQueue: true,
          RESP: 2,
        }) as unknown as RedisClientType);
    // Without a listener, a lost connection would end the process.
    this.client.on('error', (error: Error) => {
      this.lastError = error.message || error.name;
      if (this.down) return;
      this.down = true;
      this.logger.warn(`Redis unavailable: ${this.lastError}`);
    });
    this.client.on('ready', () => {
      if (this.down) this.logger.log('Redis is back');
      this.down = false;
    });
  }

  private get cluster(): RedisClusterType | null {
    return this.options.clusterNodes?.length
      ? (this.client as RedisClusterType)
      : null;
  }

  /** Connects, or fails within the command timeout with one readable line. */
  start(): Promise<void> {
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const fail = (reason: string) => {
        clearTimeout(timer);
        this.client.destroy();
        reject(
          new SessionStoreUnavailableError(
            `cannot reach ${this.description} (${reason})`,
          ),
        );
      };
      const timer = setTimeout(
        () => fail(this.lastError ?? `no answer within ${this.timeoutMs} ms`),
        this.timeoutMs,
      );
      this.client.connect().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: Error) => fail(error.message),
      );
    });
    return this.connecting;
  }

  async stop(): Promise<void> {
    if (!this.client.isOpen) return;
    await this.client.close().catch(() => this.client.destroy());
  }

  async ping(timeoutMs: number): Promise<boolean> {
    if (!this.client.isReady) return false;
    const timeout = new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), timeoutMs).unref(),
    );
    const ping = this.command(undefined, ['PING']).then(
      (reply) => reply === 'PONG',
      () => false,
    );
    return Promise.race([ping, timeout]);
  }

  /** The Redis key of a session's hash. */
  hashKeyOf(key: string): string {
    return `${this.prefix}{${key}}`;
  }

  // ---- records -----------------------------------------------------------

  protected async find(key: string): Promise<StoredRecord | null> {
    const hashKey = this.hashKeyOf(key);
    const fields = (await this.command(
      hashKey,
      ['HGETALL', hashKey],
      true,
    )) as string[];
    return fields.length > 0 ? recordOf(key, hashOf(fields)) : null;
  }

  protected async insert(
    key: string,
    data: Data,
    times: WriteTimes,
    client: object | null,
  ): Promise<{ created: boolean; createdAt: number }> {
    const [created, previousOwner, createdAt] = (await this.script(
      INSERT,
      this.hashKeyOf(key),
      [
        String(times.expires),
        String(times.now),
        String(times.createdAt),
        client ? JSON.stringify(client) : '',
        times.userId ?? '',
        JSON.stringify(data.cookie ?? {}),
        ...dataKeys(data).flatMap((name) => [name, JSON.stringify(data[name])]),
      ],
    )) as [number, string, string];
    const stored = Number(createdAt);
    await this.moveOwner(key, previousOwner || null, times.userId, stored);
    return { created: created === 1, createdAt: stored };
  }

  protected async update(
    key: string,
    data: Data,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<boolean> {
    const json = (name: string) => JSON.stringify(data[name] ?? null);
    const reply = await this.script(UPDATE, this.hashKeyOf(key), [
      String(times.expires),
      String(times.now),
      JSON.stringify(data.cookie ?? {}),
      !changes.userId ? 'keep' : times.userId === null ? 'unset' : 'set',
      times.userId ?? '',
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
    ]);
    if (!Array.isArray(reply)) return false;
    const [previousOwner] = reply as [string];
    if (changes.userId)
      await this.moveOwner(
        key,
        previousOwner || null,
        times.userId,
        times.createdAt,
      );
    return true;
  }

  protected async refresh(key: string, times: WriteTimes): Promise<boolean> {
    const touched = await this.script(TOUCH, this.hashKeyOf(key), [
      String(times.expires),
      String(times.now),
    ]);
    return touched === 1;
  }

  protected async remove(key: string): Promise<void> {
    await this.removeByKey(key);
  }

  private async removeByKey(key: string): Promise<boolean> {
    const [deleted, owner] = (await this.script(
      DELETE,
      this.hashKeyOf(key),
      [],
    )) as [number, string];
    if (owner) await this.unlist(owner, key);
    return deleted === 1;
  }

  /** Every live session: a SCAN over every master, for tools and tests, not for requests. */
  protected async findLive(now: number): Promise<StoredRecord[]> {
    const start = this.prefix.length + 1;
    const keys = await this.scan(`${this.prefix}{*}`);
    const records = await Promise.all(
      keys.map((hashKey) => this.find(hashKey.slice(start, -1))),
    );
    return records.filter(
      (record): record is StoredRecord =>
        record !== null && record.expires !== null && record.expires > now,
    );
  }

  protected async removeAll(): Promise<void> {
    for (const key of await this.scan(`${this.prefix}*`))
      await this.command(key, ['DEL', key]);
  }

  protected layout(
    key: string,
    data: Data,
    times: RecordMeta,
  ): Record<string, unknown> {
    const hash: Record<string, string> = {
      cookie: JSON.stringify(data.cookie),
    };
    for (const name of dataKeys(data))
      hash[`${DATA}${name}`] = JSON.stringify(data[name]);
    Object.assign(hash, {
      expires: String(times.expires),
      lastModified: String(times.lastModified),
      createdAt: String(times.createdAt),
      ...(times.userId !== null && { userId: times.userId }),
    });
    return { key: this.hashKeyOf(key), type: 'hash', fields: hash };
  }

  // ---- a user's sessions -------------------------------------------------

  async userSessions(userId: string): Promise<UserSession[]> {
    const sessions = await this.owned(userId);
    return sessions.map(
      ({ key, createdAt, lastModified, expires, client }) => ({
        key,
        createdAt: new Date(createdAt!),
        lastModified: new Date(lastModified!),
        expires: new Date(expires!),
        client,
      }),
    );
  }

  async destroyUserSession(userId: string, key: string): Promise<boolean> {
    const record = await this.find(key);
    return record?.userId === userId && this.removeByKey(key);
  }

  async destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number> {
    const keep = this.keyOf(keepSessionId);
    const sessions = await this.owned(userId);
    const deleted = await Promise.all(
      sessions
        .filter(({ key }) => key !== keep)
        .map(({ key }) => this.removeByKey(key)),
    );
    return deleted.filter(Boolean).length;
  }

  async trimUserSessions(
    userId: string,
    max: number,
    keepSessionId: string,
  ): Promise<number> {
    const index = this.indexKeyOf(userId);
    // The index counts every session it lists: at most that many live, the
    // kept one among them or not yet (saved in parallel, at a login).
    const listed = (await this.command(
      index,
      ['ZCARD', index],
      true,
    )) as number;
    if (listed < max) return 0;
    const keep = this.keyOf(keepSessionId);
    const others = (await this.owned(userId))
      .filter((record) => record.key !== keep)
      .sort((a, b) => (b.lastModified ?? 0) - (a.lastModified ?? 0));
    const ended = await Promise.all(
      others
        .slice(Math.max(0, max - 1))
        .map(({ key }) => this.removeByKey(key)),
    );
    return ended.filter(Boolean).length;
  }

  private indexKeyOf(userId: string): string {
    return `${this.prefix}user:{${userId}}`;
  }

  /**
   * The user's live sessions, through their index (another slot than the
   * sessions, so kept in step by separate commands); an entry whose session
   * is gone, expired or someone else's is dropped when seen.
   */
  private async owned(userId: string): Promise<StoredRecord[]> {
    const now = this.now();
    const index = this.indexKeyOf(userId);
    const keys = (await this.command(
      index,
      ['ZRANGEBYSCORE', index, String(now), '+inf'],
      true,
    )) as string[];
    const found = await Promise.all(
      keys.map(async (key) => {
        const record = await this.find(key);
        if (record?.userId === userId && (record.expires ?? 0) > now)
          return record;
        await this.unlist(userId, key);
        return null;
      }),
    );
    return found.filter((record): record is StoredRecord => record !== null);
  }

  /** Moves a just-written session from its previous owner's index to its current one's. */
  private async moveOwner(
    key: string,
    previous: string | null,
    current: string | null,
    createdAt: number,
  ): Promise<void> {
    if (previous === current) return;
    if (previous) await this.unlist(previous, key);
    if (current)
      await this.script(INDEX_ADD, this.indexKeyOf(current), [
        key,
        String(createdAt + this.absoluteMs),
        String(this.now()),
      ]);
  }

  private async unlist(userId: string, key: string): Promise<void> {
    const index = this.indexKeyOf(userId);
    await this.command(index, ['ZREM', index, key]);
  }

  // ---- the connection ----------------------------------------------------

  /** Runs one command on the node that holds `key` (any node without a key), within the time limit. */
  async command(
    key: string | undefined,
    args: string[],
    readonly = false,
  ): Promise<unknown> {
    const sent = this.cluster
      ? this.cluster.sendCommand(key, readonly, args)
      : (this.client as RedisClientType).sendCommand(args);
    // The client's own timeouts do not end a command already written to a
    // server that hangs (stopped, swapping): the store gives up by itself.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new SessionStoreUnavailableError(
              `${this.description} did not answer within ${this.timeoutMs} ms`,
            ),
          ),
        this.timeoutMs,
      );
    });
    sent.catch(() => undefined);
    try {
      return await Promise.race([sent, timeout]);
    } catch (error) {
      throw asUnavailable(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a Lua script on one key, by its digest (loaded on first use). */
  private async script(
    script: LuaScript,
    key: string,
    args: string[],
  ): Promise<unknown> {
    try {
      return await this.command(key, [
        'EVALSHA',
        script.sha,
        '1',
        key,
        ...args,
      ]);
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error).message)) throw error;
      return this.command(key, ['EVAL', script.source, '1', key, ...args]);
    }
  }

  /** Every key matching the pattern, on every master: for tools and tests, not for requests. */
  async scan(pattern: string): Promise<string[]> {
    const clients = this.cluster
      ? await Promise.all(
          this.cluster.masters.map((master) =>
            this.cluster!.nodeClient(master),
          ),
        )
      : [this.client as RedisClientType];
    const keys = new Set<string>();
    try {
      for (const client of clients)
        for await (const batch of client.scanIterator({
          MATCH: pattern,
          COUNT: 500,
        }))
          for (const key of batch) keys.add(key);
    } catch (error) {
      throw asUnavailable(error);
    }
    return [...keys];
  }
}

/** A flat [field, value, …] reply as an object. */
function hashOf(fields: string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2)
    hash[fields[i]] = fields[i + 1];
  return hash;
}

/** A hash as the shared rules read it; a field that does not parse reads as missing. */
function recordOf(key: string, hash: Record<string, string>): StoredRecord {
  return {
    key,
    data: dataOf(hash),
    createdAt: msOf(hash.createdAt),
    lastModified: msOf(hash.lastModified),
    expires: msOf(hash.expires),
    userId: hash.userId ?? null,
    client: parsed(hash.client) as object | null,
  };
}

function dataOf(hash: Record<string, string>): Data | null {
  try {
    const data: Data = { cookie: JSON.parse(hash.cookie) };
    for (const [field, value] of Object.entries(hash))
      if (field.startsWith(DATA))
        data[field.slice(DATA.length)] = JSON.parse(value);
    return data;
  } catch {
    return null;
  }
}

function parsed(json: string | undefined): unknown {
  try {
    return json === undefined ? null : JSON.parse(json);
  } catch {
    return null;
  }
}

function msOf(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Errors of the connection (closed, timed out, refused) become "unavailable"; Redis's own answers stay. */
function asUnavailable(error: unknown): unknown {
  if (
    !(error instanceof Error) ||
    error instanceof SessionStoreUnavailableError
  )
    return error;
  const reply = /^(ErrorReply|SimpleError|BlobError)$/.test(
    error.constructor.name,
  );
  if (
    reply &&
    !/^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN)/.test(error.message)
  )
    return error;
  return new SessionStoreUnavailableError(
    `Redis unavailable: ${error.message}`,
  );
}

interface LuaScript {
  source: string;
  sha: string;
}

function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Writes a whole session: creates it, or replaces the data of one saved
 * before under this ID (its createdAt and client stay). Answers [created
 * (1/0), the previous owner, the stored createdAt].
 * ARGV: expires, now, createdAt, client, userId, cookie, then name/JSON pairs.
 */
const INSERT = lua(`
local key = KEYS[1]
local exists = redis.call('EXISTS', key) == 1
local previousOwner = redis.call('HGET', key, 'userId')
local keep = {}
for i = 7, #ARGV, 2 do keep['${DATA}' .. ARGV[i]] = true end
for _, field in ipairs(redis.call('HKEYS', key)) do
  if string.sub(field, 1, ${DATA.length}) == '${DATA}' and not keep[field] then redis.call('HDEL', key, field) end
end
for i = 7, #ARGV, 2 do redis.call('HSET', key, '${DATA}' .. ARGV[i], ARGV[i + 1]) end
redis.call('HSET', key, 'cookie', ARGV[6], 'expires', ARGV[1], 'lastModified', ARGV[2])
redis.call('HSETNX', key, 'createdAt', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSETNX', key, 'client', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', key, 'userId', ARGV[5]) else redis.call('HDEL', key, 'userId') end
redis.call('PEXPIREAT', key, ARGV[1])
return {exists and 0 or 1, previousOwner or '', redis.call('HGET', key, 'createdAt')}
`);

/**
 * Writes one request's changes to an existing session: set and removed keys,
 * increments (HINCRBY, or a plain set when another request stored something
 * else than a whole number meanwhile), the cookie, the times, the owner.
 * Answers [the previous owner]; nothing when the session is gone (it stays gone).
 * ARGV: expires, now, cookie, owner mode (keep/set/unset), owner, then a count
 * and name/JSON pairs to set, a count and names to remove, a count and
 * name/by/JSON triples to increment.
 */
const UPDATE = lua(`
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return false end
local previousOwner = redis.call('HGET', key, 'userId')
local i = 6
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
redis.call('PEXPIREAT', key, ARGV[1])
return {previousOwner or ''}
`);

/** Pushes an existing session's expiry back. ARGV: expires, now. */
const TOUCH = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1], 'lastModified', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`);

/** Deletes a session; answers [deleted (1/0), its owner]. */
const DELETE = lua(`
local owner = redis.call('HGET', KEYS[1], 'userId')
return {redis.call('DEL', KEYS[1]), owner or ''}
`);

/**
 * Lists a session in its owner's index until its latest end, drops entries
 * past theirs, and keeps the index no longer than its last entry.
 * ARGV: the session's key, its latest end, now.
 */
const INDEX_ADD = lua(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
return 1
`);
