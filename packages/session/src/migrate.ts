import type { MongoSessionStore } from './mongodb.js';
import type { RedisSessionStore } from './redis.js';
import type { Data } from './session-store.js';

/** What a migration did. */
export interface MigrationReport {
  /** Sessions now stored in the store's own format. */
  moved: number;
  /** Records that were no session, or had expired: deleted, not moved. */
  dropped: number;
}

/**
 * Moves the sessions connect-mongo wrote into the store's collection (the
 * same one, `sessions` by default: connect-mongo keys a document by the
 * session ID itself, this store by its SHA-256) in the store's own format,
 * and deletes them. Each is written before its old document is deleted, so
 * a migration that stops halfway loses nothing and can be run again.
 */
export async function migrateConnectMongo(
  store: MongoSessionStore,
  now = Date.now(),
): Promise<MigrationReport> {
  const report: MigrationReport = { moved: 0, dropped: 0 };
  const legacy = store.collection.find({
    _id: { $not: /^[0-9a-f]{64}$/ },
  } as never);
  for await (const doc of legacy as AsyncIterable<Record<string, unknown>>) {
    const sid = doc._id as string;
    const data = decode(doc.session);
    const expires = doc.expires instanceof Date ? doc.expires.getTime() : now;
    const createdAt =
      (doc.createdAt instanceof Date && doc.createdAt.getTime()) ||
      (doc.lastModified instanceof Date && doc.lastModified.getTime()) ||
      now;
    const moved =
      data !== null &&
      (await store.importSession(sid, data, { createdAt, expires }));
    report[moved ? 'moved' : 'dropped'] += 1;
    await store.collection.deleteOne({ _id: sid });
  }
  return report;
}

/**
 * Moves the sessions connect-redis wrote (`<prefix><ID>`, the session as one
 * JSON string, with a TTL) into the store's hashes, and deletes them. Their
 * creation time is the migration's: connect-redis keeps none.
 */
export async function migrateConnectRedis(
  store: RedisSessionStore,
  now = Date.now(),
): Promise<MigrationReport> {
  const report: MigrationReport = { moved: 0, dropped: 0 };
  for (const key of await store.scan(`${store.prefix}*`)) {
    const sid = key.slice(store.prefix.length);
    // The store's own keys: `{<digest>}` hashes, and the `user:{…}` indexes.
    if (sid.startsWith('{') || sid.startsWith('user:{')) continue;
    const json = await store.command(key, ['GET', key], true);
    if (typeof json !== 'string') continue;
    const ttl = (await store.command(key, ['PTTL', key], true)) as number;
    const data = decode(json);
    const moved =
      data !== null &&
      (await store.importSession(sid, data, {
        createdAt: now,
        expires: ttl > 0 ? now + ttl : Infinity,
      }));
    report[moved ? 'moved' : 'dropped'] += 1;
    await store.command(key, ['DEL', key]);
  }
  return report;
}

/** A session as connect-mongo or connect-redis stored it: JSON text, or an object. */
function decode(stored: unknown): Data | null {
  let value = stored;
  if (typeof stored === 'string')
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Data)
    : null;
}
