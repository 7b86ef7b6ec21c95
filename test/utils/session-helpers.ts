import { setTimeout as sleep } from 'node:timers/promises';
import { sign } from 'cookie-signature';
import type { Collection } from 'mongodb';
import type { Response } from 'supertest';
import { SessionService } from '../../src/session/session.service.js';
import {
  MongoSessionStore,
  type SessionDocument,
} from '../../src/session/stores/mongo-session.store.js';
import { storageKeyOf } from '../../src/session/stores/session-key.js';
import { cookiePair, sessionIdOf, setCookies } from './cookies.js';
import { TEST_SECRET, type TestApp } from './test-app.js';

/** The `Count: N` of the home page. */
export function countOf(html: string): number {
  const match = /data-testid="count">(\d+)</.exec(html);
  if (!match) throw new Error(`no count in page: ${html.slice(0, 300)}`);
  return Number(match[1]);
}

/** The app's session collection, read through the app's own connection. */
export function sessionsOf(t: TestApp): Collection<SessionDocument> {
  return t.connection.db!.collection<SessionDocument>('sessions');
}

/** The key a session ID is stored under (its SHA-256). */
export const keyOf = storageKeyOf;

/** The stored document of the session with this ID. */
export function findSession(
  t: TestApp,
  id: string,
): Promise<SessionDocument | null> {
  return sessionsOf(t).findOne({ _id: keyOf(id) });
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

/** The app's MongoDB session store. */
export function storeOf(t: TestApp): MongoSessionStore {
  const store = t.app.get(SessionService).store;
  if (!(store instanceof MongoSessionStore))
    throw new Error('this test needs the MongoDB session store');
  return store;
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
