import type { Connection } from 'mongoose';
import type { Response } from 'supertest';
import { cookiePair, sessionIdOf } from '../utils/cookies.js';

/** The session document as the store keeps it (only what these tests read). */
export interface StoredSession {
  _id: string;
  session: Record<string, unknown>;
  expires: Date;
}

/** The counter shown on the home page. */
export function countOf(html: string): number {
  const match = /data-testid="count">(\d+)</.exec(html);
  if (!match) throw new Error(`no count in page: ${html.slice(0, 300)}`);
  return Number(match[1]);
}

/** The `sid=…` cookie pair a response set; fails the test when there is none. */
export function sidCookieOf(res: Response): string {
  const pair = cookiePair(res, 'sid');
  if (!pair) throw new Error(`no session cookie in the ${res.status} answer`);
  return pair;
}

/** The session document behind a `sid=…` cookie pair, read straight from the database. */
export async function storedSession(
  connection: Connection,
  sidPair: string,
): Promise<StoredSession | null> {
  return connection
    .collection<StoredSession>('sessions')
    .findOne({ _id: sessionIdOf(sidPair) });
}

export async function sessionCount(connection: Connection): Promise<number> {
  return connection.collection('sessions').countDocuments();
}

/** Runs `task` for each item with at most `limit` running at once; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns the time it took. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
