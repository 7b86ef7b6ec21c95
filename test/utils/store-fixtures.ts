import { createClient, type RedisClientType } from '@redis/client';
import { MongoStore } from 'connect-mongo';
import { RedisStore } from 'connect-redis';
import type { SessionData, Store } from 'express-session';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { createStore } from '../../src/session/session.module.js';
import type {
  SessionModuleOptions,
  SessionStoreOptions,
} from '../../src/session/session-options.js';
import { storageKeyOf } from '../../src/session/stores/session-key.js';
import type { SessionStore } from '../../src/session/stores/session-store.js';
import {
  testRedisUrl,
  uniqueRedisPrefix,
  type SessionStoreKind,
} from './stores.js';
import { dropDatabase, uniqueDatabaseUri } from './test-app.js';

export { SESSION_STORES, STORE_NAMES } from './stores.js';

/** A record written straight into the database, the way another program might have left it. */
export interface RawSession {
  /** The data; a string is stored as it is (corrupt JSON when it does not parse). */
  data: Record<string, unknown> | string;
  createdAt?: number | string;
  lastModified?: number;
  expires?: number;
}

/**
 * One store, its database and its peer library, as the store-contract tests
 * need them: what they write straight into the database, and what they read
 * back, in that store's own format.
 */
export interface StoreFixture {
  kind: SessionStoreKind;
  /** The library this store takes over from: its sessions must keep working. */
  peerName: string;
  open(): Promise<void>;
  close(): Promise<void>;
  build(options: Omit<SessionModuleOptions, 'store' | 'secrets'>): SessionStore;
  /** A store whose database cannot be reached. */
  unreachable(
    options: Omit<SessionModuleOptions, 'store' | 'secrets'>,
  ): SessionStore;
  /** Whether the database holds the session under its digest, and under the ID itself. */
  holds(sid: string): Promise<{ hashed: boolean; unhashed: boolean }>;
  /** The creation time stored with the session (ms), if any. */
  storedCreatedAt(sid: string): Promise<number | null>;
  /** Makes a stored session expired as of `at`, as if its time had passed. */
  expire(sid: string, at: number): Promise<void>;
  /** Writes a session under its digest in this store's format, with what is given only. */
  seed(sid: string, raw: RawSession): Promise<void>;
  /** Stores a session the way the peer library does, with its default options. */
  peerSet(sid: string, data: SessionData): Promise<void>;
  /** Whether the peer's record of this ID is still there, in the peer's format. */
  peerHolds(sid: string): Promise<boolean>;
  /** Everything the database holds for the store, as text. */
  dump(): Promise<string>;
}

const callback =
  (resolve: () => void, reject: (error: unknown) => void) =>
  (error?: unknown) => (error ? reject(error) : resolve());

function peerSet(store: Store, sid: string, data: SessionData): Promise<void> {
  return new Promise((resolve, reject) =>
    store.set(sid, data, callback(resolve, reject)),
  );
}

export function mongoFixture(): StoreFixture {
  const uri = uniqueDatabaseUri('contract');
  let client: MongoClient;
  let peer: MongoStore;
  const sessions = (): Collection<Document> =>
    client.db().collection('sessions');
  const byKey = (sid: string) => ({ _id: storageKeyOf(sid) as never });
  const date = (ms: number | string | undefined) =>
    ms === undefined ? undefined : typeof ms === 'string' ? ms : new Date(ms);
  return {
    kind: 'mongodb',
    peerName: 'connect-mongo 6',
    async open() {
      client = await MongoClient.connect(uri);
      // autoRemove only decides index creation; the documents are the defaults'.
      peer = MongoStore.create({ client, autoRemove: 'disabled' });
    },
    async close() {
      await client.close();
      await dropDatabase(uri);
    },
    build: (options) =>
      createStore({
        ...options,
        secrets: ['x'.repeat(32)],
        store: { type: 'mongodb', client, autoRemove: 'interval' },
      }),
    unreachable(options) {
      // Nothing listens on port 9 of loopback: every operation fails fast.
      const down = new MongoClient('mongodb://127.0.0.1:9/contract', {
        serverSelectionTimeoutMS: 300,
      });
      return createStore({
        ...options,
        secrets: ['x'.repeat(32)],
        store: { type: 'mongodb', client: down },
      });
    },
    async holds(sid) {
      return {
        hashed: (await sessions().countDocuments(byKey(sid))) > 0,
        unhashed: (await sessions().countDocuments({ _id: sid as never })) > 0,
      };
    },
    async storedCreatedAt(sid) {
      const doc = await sessions().findOne(byKey(sid));
      const value = doc?.createdAt as Date | undefined;
      return value ? value.getTime() : null;
    },
    async expire(sid, at) {
      await sessions().updateOne(byKey(sid), {
        $set: { expires: new Date(at) },
      });
    },
    async seed(sid, raw) {
      await sessions().insertOne({
        ...byKey(sid),
        session: raw.data,
        ...(raw.createdAt !== undefined && { createdAt: date(raw.createdAt) }),
        ...(raw.lastModified !== undefined && {
          lastModified: date(raw.lastModified),
        }),
        ...(raw.expires !== undefined && { expires: date(raw.expires) }),
      });
    },
    peerSet: (sid, data) => peerSet(peer, sid, data),
    async peerHolds(sid) {
      const doc = await sessions().findOne({ _id: sid as never });
      return typeof doc?.session === 'string';
    },
    async dump() {
      return JSON.stringify(await sessions().find({}).toArray());
    },
  };
}

export function redisFixture(): StoreFixture {
  const prefix = uniqueRedisPrefix();
  let client: RedisClientType;
  let peer: RedisStore;
  const hashKey = (sid: string) => `${prefix}{${storageKeyOf(sid)}}`;
  const target = (): SessionStoreOptions => ({
    type: 'redis',
    url: testRedisUrl(),
    prefix,
  });
  return {
    kind: 'redis',
    peerName: 'connect-redis 10',
    async open() {
      client = createClient({ url: testRedisUrl() });
      await client.connect();
      peer = new RedisStore({ client, prefix });
    },
    async close() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(keys);
      await client.close();
    },
    build: (options) =>
      createStore({ ...options, secrets: ['x'.repeat(32)], store: target() }),
    unreachable: (options) =>
      createStore({
        ...options,
        secrets: ['x'.repeat(32)],
        store: {
          type: 'redis',
          url: 'redis://127.0.0.1:9',
          commandTimeoutMs: 300,
          prefix,
        },
      }),
    async holds(sid) {
      return {
        hashed: (await client.exists(hashKey(sid))) > 0,
        unhashed: (await client.exists(`${prefix}${sid}`)) > 0,
      };
    },
    async storedCreatedAt(sid) {
      const value = await client.hGet(hashKey(sid), 'createdAt');
      return value ? Number(value) : null;
    },
    async expire(sid, at) {
      await client.hSet(hashKey(sid), 'expires', String(at));
    },
    async seed(sid, raw) {
      const fields: Record<string, string> = {};
      if (typeof raw.data === 'string') fields['d:broken'] = raw.data;
      else
        for (const [name, value] of Object.entries(raw.data)) {
          if (name === 'cookie') fields.cookie = JSON.stringify(value);
          else fields[`d:${name}`] = JSON.stringify(value);
        }
      if (raw.createdAt !== undefined)
        fields.createdAt =
          typeof raw.createdAt === 'string'
            ? String(new Date(raw.createdAt).getTime())
            : String(raw.createdAt);
      if (raw.lastModified !== undefined)
        fields.lastModified = String(raw.lastModified);
      if (raw.expires !== undefined) fields.expires = String(raw.expires);
      await client.hSet(hashKey(sid), fields);
    },
    peerSet: (sid, data) => peerSet(peer, sid, data),
    async peerHolds(sid) {
      return (await client.type(`${prefix}${sid}`)) === 'string';
    },
    async dump() {
      const keys = await client.keys(`${prefix}*`);
      const parts = await Promise.all(
        keys.map(async (key) =>
          (await client.type(key)) === 'hash'
            ? JSON.stringify(await client.hGetAll(key))
            : key,
        ),
      );
      return [...keys, ...parts].join('\n');
    },
  };
}

export const STORE_FIXTURES: Record<SessionStoreKind, () => StoreFixture> = {
  mongodb: mongoFixture,
  redis: redisFixture,
};
