import { randomBytes } from 'node:crypto';

/** The stores the app can keep sessions in; store-dependent tests run for each. */
export const SESSION_STORES = ['mongodb', 'redis'] as const;
export type SessionStoreKind = (typeof SESSION_STORES)[number];

/** The name tests use for a store. */
export const STORE_NAMES: Record<SessionStoreKind, string> = {
  mongodb: 'MongoDB',
  redis: 'Redis',
};

/** The Redis the tests use (the global setup starts one when REDIS_URL is unset). */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error(
      'REDIS_URL is not set: run the e2e tests through jest (global setup)',
    );
  return url;
}

/**
 * The Redis key prefix of the apps on one test database: apps sharing a
 * database (a restart, two instances) share their sessions, and tests on
 * one Redis never see each other's. Without a database, one of its own.
 */
export function testRedisPrefix(databaseUri?: string): string {
  const name = databaseUri
    ? new URL(databaseUri).pathname.slice(1)
    : randomBytes(4).toString('hex');
  return `test:${name}:sess:`;
}

/** A key prefix of its own. */
export function uniqueRedisPrefix(): string {
  return testRedisPrefix();
}

/** The store test apps use unless a test says otherwise: the project's (TEST_SESSION_STORE), else MongoDB. */
export function defaultStore(): SessionStoreKind {
  const given = process.env.TEST_SESSION_STORE;
  if (given === undefined || given === '') return 'mongodb';
  if (!(SESSION_STORES as readonly string[]).includes(given))
    throw new Error(
      `TEST_SESSION_STORE=${given}: must be one of ${SESSION_STORES.join(', ')}`,
    );
  return given as SessionStoreKind;
}
