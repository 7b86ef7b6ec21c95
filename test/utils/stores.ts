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

/** A key prefix of its own, so that tests sharing one Redis never see each other's sessions. */
export function uniqueRedisPrefix(): string {
  return `t${randomBytes(4).toString('hex')}:sess:`;
}
