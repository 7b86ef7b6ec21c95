import { createClient, type RedisClientType } from '@redis/client';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { createHash, randomBytes } from 'node:crypto';
import { MongoSessionStore } from '../src/mongodb.js';
import { RedisSessionStore } from '../src/redis.js';
import type { SessionRules, SessionStore } from '../src/session-store.js';

/*
 * The databases the package's tests run against: MONGODB_URI and REDIS_URL,
 * given by whoever runs them (the project's test set-up starts both). Nothing
 * here is mocked.
 */

export function env(name: 'MONGODB_URI' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: these tests need a MongoDB and a Redis (the project's \`npm test\` starts both)`,
    );
  return value;
}

/** A database of its own on the test server. */
export function uniqueMongoUri(prefix: string): string {
  const url = new URL(env('MONGODB_URI'));
  url.pathname = `/${prefix}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

/** The key a session ID is stored under, computed here rather than taken from the code under test. */
export function sha256(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/** A record written straight into the database, as another program might leave it. */
export interface RawRecord {
  data: Record<string, unknown> | string;
  createdAt?: number | string | null;
  lastModified?: number;
  expires?: number;
}

/** One store and its database, as the contract tests drive them. */
export interface StoreFixture {
  name: string;
  open(): Promise<void>;
  close(): Promise<void>;
  build(rules: SessionRules): SessionStore;
  /** A store whose database cannot be reached. */
  unreachable(rules: SessionRules): SessionStore;
  /** Whether the database holds a record under the ID's digest, and under the ID itself. */
  holds(sid: string): Promise<{ hashed: boolean; unhashed: boolean }>;
  /** Makes a stored session expired as of `at`. */
  expire(sid: string, at: number): Promise<void>;
  /** Writes a record under the ID's digest in the store's layout, with what is given only. */
  seed(sid: string, raw: RawRecord): Promise<void>;
  /** Everything the database holds for the store, as text. */
  dump(): Promise<string>;
}

export function mongoFixture(): StoreFixture {
  const uri = uniqueMongoUri('contract');
  let client: MongoClient;
  const sessions = (): Collection<Document> =>
    client.db().collection('sessions');
  const date = (ms: number | string | null | undefined) =>
    typeof ms === 'number' ? new Date(ms) : ms;
  return {
    name: 'MongoDB',
    async open() {
      client = await MongoClient.connect(uri);
    },
    async close() {
      await client.db().dropDatabase();
      await client.close();
    },
    build: (rules) =>
      new MongoSessionStore({ ...rules, client, autoRemove: 'interval' }),
    unreachable: (rules) =>
      // Nothing listens on port 9 of loopback: every operation fails fast.
      new MongoSessionStore({
        ...rules,
        client: new MongoClient('mongodb://127.0.0.1:9/contract', {
          serverSelectionTimeoutMS: 300,
        }),
      }),
    async holds(sid) {
      return {
        hashed:
          (await sessions().countDocuments({ _id: sha256(sid) as never })) > 0,
        unhashed: (await sessions().countDocuments({ _id: sid as never })) > 0,
      };
    },
    async expire(sid, at) {
      await sessions().updateOne(
        { _id: sha256(sid) as never },
        {
          $set: { expires: new Date(at) },
        },
      );
    },
    async seed(sid, raw) {
      await sessions().insertOne({
        _id: sha256(sid) as never,
        session: raw.data,
        ...(raw.createdAt !== undefined && { createdAt: date(raw.createdAt) }),
        ...(raw.lastModified !== undefined && {
          lastModified: date(raw.lastModified),
        }),
        ...(raw.expires !== undefined && { expires: date(raw.expires) }),
      });
    },
    async dump() {
      return JSON.stringify(await sessions().find({}).toArray());
    },
  };
}

export function redisFixture(): StoreFixture {
  const prefix = `test:${randomBytes(4).toString('hex')}:sess:`;
  let client: RedisClientType;
  const hashKey = (sid: string) => `${prefix}{${sha256(sid)}}`;
  return {
    name: 'Redis',
    async open() {
      client = createClient({ url: env('REDIS_URL') });
      await client.connect();
    },
    async close() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(keys);
      await client.close();
    },
    build: (rules) =>
      new RedisSessionStore({ ...rules, url: env('REDIS_URL'), prefix }),
    unreachable: (rules) =>
      new RedisSessionStore({
        ...rules,
        url: 'redis://127.0.0.1:9',
        commandTimeoutMs: 300,
        prefix,
      }),
    async holds(sid) {
      return {
        hashed: (await client.exists(hashKey(sid))) > 0,
        unhashed: (await client.exists(`${prefix}${sid}`)) > 0,
      };
    },
    async expire(sid, at) {
      await client.hSet(hashKey(sid), 'expires', String(at));
    },
    async seed(sid, raw) {
      const fields: Record<string, string> = {};
      if (typeof raw.data === 'string') fields['d:broken'] = raw.data;
      else
        for (const [name, value] of Object.entries(raw.data))
          fields[name === 'cookie' ? 'cookie' : `d:${name}`] =
            JSON.stringify(value);
      if (raw.createdAt !== undefined && raw.createdAt !== null)
        fields.createdAt = String(raw.createdAt);
      if (raw.lastModified !== undefined)
        fields.lastModified = String(raw.lastModified);
      if (raw.expires !== undefined) fields.expires = String(raw.expires);
      await client.hSet(hashKey(sid), fields);
    },
    async dump() {
      const keys = await client.keys(`${prefix}*`);
      const hashes = await Promise.all(
        keys.map(async (key) =>
          (await client.type(key)) === 'hash'
            ? JSON.stringify(await client.hGetAll(key))
            : key,
        ),
      );
      return [...keys, ...hashes].join('\n');
    },
  };
}

export const FIXTURES = [mongoFixture, redisFixture];

/** The clock stores get in tests: the real time plus an offset that only moves forward. */
export class TestClock {
  private offsetMs = 0;
  readonly now = () => Date.now() + this.offsetMs;

  advance(ms: number): void {
    if (ms < 0) throw new Error('the test clock only moves forward');
    this.offsetMs += ms;
  }
}
