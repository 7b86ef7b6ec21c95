import { Logger } from '@nestjs/common';
import {
  createClient,
  createCluster,
  type RedisClientType,
  type RedisClusterType,
} from '@redis/client';
import { createHash } from 'node:crypto';

/** Where the Redis sessions live: one server, or the nodes of a Redis Cluster. */
export interface RedisStoreTarget {
  /** `redis://` or `rediss://` URL of one server. */
  url?: string;
  /** URLs of some nodes of a Redis Cluster (the client finds the others). */
  clusterNodes?: string[];
  /** How long one command may take before the store calls Redis unavailable (ms). */
  commandTimeoutMs?: number;
  /**
   * The start of every key the store writes: `sess:` by default, as
   * connect-redis, whose sessions (`<prefix><ID>`) this store reads. Apps
   * sharing one Redis give each its own.
   */
  prefix?: string;
}

/** Redis could not be reached, or did not answer in time: a 503, never a 500. */
export class SessionStoreUnavailableError extends Error {
  override name = 'SessionStoreUnavailableError';
}

/** A URL with any password replaced, safe to print. */
export function maskRedisUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1****@');
}

type Reply = unknown;

/**
 * One interface over a single Redis client and a Redis Cluster client:
 * commands routed by their key, Lua scripts run by digest (EVALSHA, loaded
 * on first use), and a timeout on every command so that a Redis that does
 * not answer is reported as unavailable instead of holding requests.
 * Commands are never queued while the connection is down
 * (`disableOfflineQueue`): they fail at once, and the app answers 503.
 */
export class RedisConnection {
  private readonly logger = new Logger('RedisSessions');
  private readonly client: RedisClientType | RedisClusterType;
  private readonly timeoutMs: number;
  private connecting?: Promise<void>;
  private down = false;
  private lastError?: string;

  constructor(private readonly target: RedisStoreTarget) {
    this.timeoutMs = target.commandTimeoutMs ?? 2_000;
    const socket = {
      connectTimeout: this.timeoutMs,
      // Keep trying, at most every 2 s: the app recovers by itself once Redis is back.
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, 2_000),
    };
    this.client = target.clusterNodes?.length
      ? (createCluster({
          rootNodes: target.clusterNodes.map((url) => ({ url })),
          defaults: { socket, disableOfflineQueue: true },
          RESP: 2,
        }) as unknown as RedisClusterType)
      : (createClient({
          url: target.url,
          socket,
          disableOfflineQueue: true,
          RESP: 2,
        }) as unknown as RedisClientType);
    // Without a listener, a lost connection would end the process.
    this.client.on('error', (error: Error) => {
      this.lastError = error.message || error.name;
      if (this.down) return;
      this.down = true;
      this.logger.warn(`Redis unavailable: ${error.message}`);
    });
    this.client.on('ready', () => {
      if (this.down) this.logger.log('Redis is back');
      this.down = false;
    });
  }

  /** What to call this connection in messages (password masked). */
  get description(): string {
    return this.target.clusterNodes?.length
      ? `the Redis Cluster at ${this.target.clusterNodes.map(maskRedisUrl).join(', ')}`
      : `Redis at ${maskRedisUrl(this.target.url ?? 'redis://127.0.0.1:6379')}`;
  }

  get isCluster(): boolean {
    return Boolean(this.target.clusterNodes?.length);
  }

  /** Connects, or fails within the command timeout with one readable line. */
  connect(): Promise<void> {
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.destroy();
        reject(
          new SessionStoreUnavailableError(
            `cannot reach ${this.description} (${this.lastError ?? `no answer within ${this.timeoutMs} ms`})`,
          ),
        );
      }, this.timeoutMs);
      this.client.connect().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(
            new SessionStoreUnavailableError(
              `cannot reach ${this.description} (${(error as Error).message})`,
            ),
          );
        },
      );
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    await this.client.close().catch(() => this.client.destroy());
  }

  /** Runs one command on the node that holds `key` (any node when there is no key). */
  async command(
    key: string | undefined,
    args: string[],
    readonly = false,
  ): Promise<Reply> {
    const sent = this.isCluster
      ? (this.client as RedisClusterType).sendCommand(key, readonly, args)
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

  /** Runs a Lua script on one key (all of a session's data lives under one key). */
  async script(script: LuaScript, key: string, args: string[]): Promise<Reply> {
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

  /** A hash's fields and values, flat ([] when there is no such key). */
  async hgetall(key: string): Promise<string[]> {
    return (await this.command(key, ['HGETALL', key], true)) as string[];
  }

  /** Every key matching the pattern, on every master. For tools and tests, not requests. */
  async scan(pattern: string): Promise<string[]> {
    const clients = this.isCluster
      ? await Promise.all(
          (this.client as RedisClusterType).masters.map((master) =>
            (this.client as RedisClusterType).nodeClient(master),
          ),
        )
      : [this.client as RedisClientType];
    const keys = new Set<string>();
    for (const client of clients) {
      try {
        for await (const batch of client.scanIterator({
          MATCH: pattern,
          COUNT: 500,
        }))
          for (const key of batch) keys.add(key);
      } catch (error) {
        throw asUnavailable(error);
      }
    }
    return [...keys];
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
}

/** A Lua script and its SHA-1, as EVALSHA wants it. */
export interface LuaScript {
  source: string;
  sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Errors of the connection (closed, timed out, refused) become "unavailable"; Redis's own answers stay. */
function asUnavailable(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const replyError = /^(ErrorReply|SimpleError|BlobError)$/.test(
    error.constructor.name,
  );
  if (
    replyError &&
    !/^(LOADING|CLUSTERDOWN|TRYAGAIN|MASTERDOWN)/.test(error.message)
  )
    return error;
  if (error instanceof SessionStoreUnavailableError) return error;
  return new SessionStoreUnavailableError(
    `Redis unavailable: ${error.message}`,
  );
}
