import type { Collection, Document } from 'mongodb';

/**
 * Has the database remove a collection's documents once the date in `field`
 * has passed: a TTL index (expireAfterSeconds: 0), as MongoDB does it; where
 * the server refuses TTL indexes, a deleteMany every `intervalMs` instead.
 * Readers check the date themselves either way: this only reclaims space.
 * Answers the function that stops the periodic removal.
 */
export async function removeWhenExpired(
  collection: Collection<Document>,
  field: string,
  { clock, intervalMs }: { clock: () => number; intervalMs: number },
): Promise<() => void> {
  try {
    await collection.createIndex(
      { [field]: 1 },
      { name: `${field}_ttl`, expireAfterSeconds: 0 },
    );
    return () => undefined;
  } catch (error) {
    const { code, message = '' } = error as {
      code?: unknown;
      message?: string;
    };
    if (code !== 238 && !/not implemented/i.test(message)) throw error;
  }
  const timer = setInterval(() => {
    void collection
      .deleteMany({ [field]: { $lte: new Date(clock()) } })
      .catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
