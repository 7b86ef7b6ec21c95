import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sign } from 'cookie-signature';
import type { Collection } from 'mongodb';
import type { Response } from 'supertest';
import { createHash } from 'node:crypto';
import { SessionService, type SessionStore } from '@nest-sessions/session';
import type { SessionDocument } from '@nest-sessions/session/mongodb';
import { RedisSessionStore } from '@nest-sessions/session/redis';
import { cookiePair, sessionIdOf, setCookies } from './cookies.js';
import { TEST_SECRET, type TestApp } from './test-app.js';

/** The `Count: N` of the home page. */
export function countOf(html: string): number {
  const match = /data-testid="count">(\d+)</.exec(html);
  if (!match) throw new Error(`no count in page: ${html.slice(0, 300)}`);
  return Number(match[1]);
}

/** The app's MongoDB session collection (for tests of the MongoDB store itself). */
export function sessionsOf(t: TestApp): Collection<SessionDocument> {
  return t.connection.db!.collection<SessionDocument>('sessions');
}

/**
 * The key a session ID is stored under: its SHA-256, in hex. Computed here,
 * not taken from the code under test, so that a test of hashing at rest
 * does not follow what it tests.
 */
export function keyOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** The app's session store, whichever it is. */
export function sessionStoreOf(t: TestApp): SessionStore {
  return t.app.get(SessionService).store;
}

/** A session as the app's store holds it, whichever the store, in one shape for tests. */
export interface StoredView {
  session: Record<string, unknown>;
  expires: Date;
  createdAt: Date;
  lastModified: Date;
  userId?: string;
  client: Record<string, unknown> | null;
}

/** The stored session with this ID, read straight from the app's store; null when there is none. */
export async function findSession(
  t: TestApp,
  id: string,
): Promise<StoredView | null> {
  const stored = await sessionStoreOf(t).read(id);
  if (!stored) return null;
  return {
    session: stored.data,
    expires: stored.expires,
    createdAt: stored.createdAt,
    lastModified: stored.lastModified,
    ...(stored.userId !== null && { userId: stored.userId }),
    client: stored.client as Record<string, unknown> | null,
  };
}

/** How many sessions the app's store holds (live ones). */
export function countSessions(t: TestApp): Promise<number> {
  const store = sessionStoreOf(t);
  return promisify(store.length.bind(store))().then((count) => count ?? 0);
}

/** Deletes every session of the app's store. */
export function clearSessions(t: TestApp): Promise<void> {
  const store = sessionStoreOf(t);
  return promisify(store.clear.bind(store))();
}

/**
 * Writes top-level keys of a stored session straight into the database, as
 * another program (or another request) would, behind the app's back: in a
 * MongoDB document, `session.<key>`; in a Redis hash, the key's field.
 */
export async function writeStoredKeys(
  t: TestApp,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const store = sessionStoreOf(t);
  if (store instanceof RedisSessionStore) {
    const hash = store.hashKeyOf(keyOf(id));
    const fields = Object.entries(values).flatMap(([key, value]) => [
      key === 'cookie' ? 'cookie' : `d:${key}`,
      JSON.stringify(value),
    ]);
    await store.command(hash, ['HSET', hash, ...fields]);
    return;
  }
  const $set = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [`session.${key}`, value]),
  );
  await sessionsOf(t).updateOne({ _id: keyOf(id) }, { $set });
}

/** The `sid=…` pair a response set, failing the test when there is none. */
export function sidCookie(res: Response, name = 'sid'): string {
  const pair = cookiePair(res, name);
  if (!pair) {
    throw new Error(
      `no ${name} cookie in ${JSON.stringify(setCookies(res))} (status ${res.status})`,
    );
  }
  return pair;
}

/** The session ID behind a response's session cookie. */
export function sidOf(res: Response, name = 'sid'): string {
  return sessionIdOf(sidCookie(res, name));
}

/** A cookie pair for `id`, signed the way express-session signs (`s:` + HMAC). */
export function signedSid(id: string, secret = TEST_SECRET): string {
  return `sid=${encodeURIComponent(`s:${sign(id, secret)}`)}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** The texts of the flash messages on a page, with their categories, in order. */
export function flashesOn(html: string): { category: string; text: string }[] {
  const found: { category: string; text: string }[] = [];
  const pattern =
    /<p class="flash flash-([a-z]+)"[^>]*><span class="flash-category">[^<]+<\/span> ([^<]*)<\/p>/g;
  for (const match of html.matchAll(pattern)) {
    found.push({ category: match[1], text: match[2] });
  }
  return found;
}
