import { createClient, type RedisClientType } from '@redis/client';
import { MongoStore } from 'connect-mongo';
import { RedisStore } from 'connect-redis';
import type { SessionData, Store } from 'express-session';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { migrateConnectMongo, migrateConnectRedis } from '../src/migrate.js';
import { MongoSessionStore } from '../src/mongodb.js';
import { RedisSessionStore } from '../src/redis.js';
import { env, sha256, uniqueMongoUri } from './fixtures.js';

const MINUTE = 60_000;

function sessionData(values: Record<string, unknown>): SessionData {
  return {
    cookie: { originalMaxAge: null, path: '/', httpOnly: true },
    ...values,
  };
}

function peerSet(store: Store, sid: string, data: SessionData): Promise<void> {
  return promisify(store.set.bind(store))(sid, data);
}

let counter = 0;
const newId = () =>
  `peer-${++counter}-${randomBytes(12).toString('base64url')}`;

/**
 * The stores read their own format only. Sessions that connect-mongo or
 * connect-redis wrote are moved once, by the migration (the
 * `nest-sessions-migrate` command), before the app uses the store.
 */
describe('Migration from connect-mongo', () => {
  const uri = uniqueMongoUri('migrate');
  let client: MongoClient;

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
  });

  afterAll(async () => {
    await client.db().dropDatabase();
    await client.close();
  });

  it('moves each session under its digest, readable by the store, and deletes the old documents', async () => {
    const peer = MongoStore.create({ client, autoRemove: 'disabled' });
    const store = new MongoSessionStore({ client, autoRemove: 'disabled' });
    const kept = newId();
    const expired = newId();
    await peerSet(peer, kept, sessionData({ colour: 'blue' }));
    await peerSet(peer, expired, sessionData({ colour: 'red' }));
    await client
      .db()
      .collection('sessions')
      .updateOne(
        { _id: expired as never },
        { $set: { expires: new Date(Date.now() - 1) } },
      );
    await client
      .db()
      .collection('sessions')
      .insertOne({
        _id: newId() as never,
        session: '{"cookie": {',
        expires: new Date(Date.now() + MINUTE),
      });

    // Before: the store does not know these IDs.
    expect(await store.read(kept)).toBeNull();

    expect(await migrateConnectMongo(store)).toEqual({ moved: 1, dropped: 2 });
    const moved = await store.read(kept);
    expect(moved).toMatchObject({
      key: sha256(kept),
      data: { colour: 'blue' },
    });
    // connect-mongo gave it 14 days; the store's idle timeout (30 minutes by default) bounds it.
    expect(moved!.expires.getTime()).toBeLessThanOrEqual(
      Date.now() + 30 * MINUTE,
    );
    const left = await client.db().collection('sessions').find({}).toArray();
    expect(left.map((doc) => doc._id)).toEqual([sha256(kept)]);

    // Run again: nothing more to move.
    expect(await migrateConnectMongo(store)).toEqual({ moved: 0, dropped: 0 });
  });
});

describe('Migration from connect-redis', () => {
  const prefix = `test:${randomBytes(4).toString('hex')}:sess:`;
  let client: RedisClientType;
  let store: RedisSessionStore;

  beforeAll(async () => {
    client = createClient({ url: env('REDIS_URL') });
    await client.connect();
    store = new RedisSessionStore({ url: env('REDIS_URL'), prefix });
    await store.start();
  });

  afterAll(async () => {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(keys);
    await client.close();
    await store.stop();
  });

  it('moves each session into a hash under its digest, with its time to live, and deletes the old keys', async () => {
    const peer = new RedisStore({ client, prefix, ttl: 600 });
    const sid = newId();
    await peerSet(peer, sid, sessionData({ size: 'L' }));
    await client.set(`${prefix}${newId()}`, 'not json');
    expect(await store.read(sid)).toBeNull();

    const before = Date.now();
    expect(await migrateConnectRedis(store)).toEqual({ moved: 1, dropped: 1 });
    const moved = await store.read(sid);
    expect(moved).toMatchObject({ key: sha256(sid), data: { size: 'L' } });
    // What was left of its 10 minutes, within the store's 30-minute idle timeout.
    expect(moved!.expires.getTime()).toBeGreaterThan(before + 590_000);
    expect(moved!.expires.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(await client.keys(`${prefix}*`)).toEqual([
      `${prefix}{${sha256(sid)}}`,
    ]);
  });
});
