import type { RedisConnection } from './redis-connection.js';
import { decode } from './store-records.js';

/** A session connect-redis stored, as read back before its key is deleted. */
export interface ConnectRedisSession {
  data: Record<string, unknown>;
  /** What was left of its TTL (ms), if it had one. */
  ttlMs: number | null;
}

/**
 * Reads a session connect-redis stored under `<prefix><ID>` (the whole
 * session as one JSON string, with a TTL), for the store to write it again
 * in its own format and then delete it (removeConnectRedisSession): in that
 * order, so a failed write loses nothing. A value that is not a JSON object
 * is deleted at once and is no session.
 */
export async function readConnectRedisSession(
  connection: RedisConnection,
  legacyKey: string,
): Promise<ConnectRedisSession | null> {
  const json = await connection.command(legacyKey, ['GET', legacyKey], true);
  if (typeof json !== 'string') return null;
  const data = decode(json);
  if (!data) {
    await removeConnectRedisSession(connection, legacyKey);
    return null;
  }
  const ttl = await connection.command(legacyKey, ['PTTL', legacyKey], true);
  return { data, ttlMs: typeof ttl === 'number' && ttl > 0 ? ttl : null };
}

export async function removeConnectRedisSession(
  connection: RedisConnection,
  legacyKey: string,
): Promise<void> {
  await connection.command(legacyKey, ['DEL', legacyKey]);
}
