import type { Logger } from '@nestjs/common';
import type { Document } from 'mongodb';

export type RemovalMode = 'ttl-index' | 'interval';

export interface ExpiredRemovalOptions {
  /** The date field that says when a document expires. */
  field: string;
  /** `native`: a TTL index, falling back to `interval` where the server has none. */
  mode: 'native' | 'interval';
  intervalMs: number;
  clock: () => number;
  logger: Logger;
  /** What the documents are, for the log lines ("sessions", "login attempts"). */
  what: string;
}

/** What removal needs of a collection, whatever its documents. */
export interface ExpiringCollection {
  createIndex(spec: Document, options: Document): Promise<string>;
  dropIndex(name: string): Promise<unknown>;
  deleteMany(filter: Document): Promise<{ deletedCount: number }>;
}

/** How expired documents of one collection are being removed. */
export interface ExpiredRemoval {
  readonly mode: RemovalMode;
  /** Deletes every expired document now; returns how many. */
  removeExpired(): Promise<number>;
  stop(): void;
}

/**
 * Removal of expired documents as MongoDB does it: a TTL index on the field
 * (expireAfterSeconds: 0, the field holds the expiry itself), which the server
 * applies on its own about once a minute. Where the server answers "not
 * implemented" to a TTL index, a periodic deleteMany does the same job, one
 * sweep at a time. Either way nothing expired is served: readers check the
 * expiry themselves; this only reclaims space.
 */
export async function startExpiredRemoval(
  collection: ExpiringCollection,
  options: ExpiredRemovalOptions,
): Promise<ExpiredRemoval> {
  const { field } = options;
  const ttlName = `${field}_ttl`;
  const plainName = `${field}_1`;
  const removeExpired = async (): Promise<number> => {
    try {
      const { deletedCount } = await collection.deleteMany({
        [field]: { $lte: new Date(options.clock()) },
      });
      return deletedCount;
    } catch (error) {
      options.logger.warn(
        `Removing expired ${options.what} failed: ${(error as Error).message}`,
      );
      return 0;
    }
  };
  if (options.mode === 'native') {
    try {
      await createTtlIndex(collection, field, ttlName, plainName);
      return { mode: 'ttl-index', removeExpired, stop: () => undefined };
    } catch (error) {
      if (!isTtlRefusal(error)) throw error;
      options.logger.warn(
        `The database does not implement TTL indexes: removing expired ${options.what} every ${options.intervalMs / 1000} s instead`,
      );
    }
  }
  // A plain index keeps the periodic deleteMany cheap.
  await collection
    .createIndex({ [field]: 1 }, { name: plainName })
    .catch(() => undefined);
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void removeExpired().finally(() => {
      sweeping = false;
    });
  }, options.intervalMs);
  timer.unref();
  return { mode: 'interval', removeExpired, stop: () => clearInterval(timer) };
}

async function createTtlIndex(
  collection: ExpiringCollection,
  field: string,
  ttlName: string,
  plainName: string,
): Promise<void> {
  const ttl = { expireAfterSeconds: 0, name: ttlName };
  try {
    await collection.createIndex({ [field]: 1 }, ttl);
  } catch (error) {
    // An earlier run in interval mode left a plain index on the same key, and MongoDB
    // refuses a second index on one key: replace it instead of failing the start-up.
    if (!isIndexConflict(error)) throw error;
    await collection.dropIndex(plainName);
    await collection.createIndex({ [field]: 1 }, ttl);
  }
}

/** The server's error code, whichever copy of the driver raised it. */
export function mongoErrorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** NotImplemented (238), or a server that says so in words. */
function isTtlRefusal(error: unknown): boolean {
  const message = (error as Error | null)?.message ?? '';
  return (
    (mongoErrorCode(error) === 238 || /not implemented/i.test(message)) &&
    /expireAfterSeconds/i.test(message)
  );
}

/** IndexOptionsConflict / IndexKeySpecsConflict: an index on these keys exists with other options. */
function isIndexConflict(error: unknown): boolean {
  const code = mongoErrorCode(error);
  return code === 85 || code === 86;
}
