import type { SessionData } from 'express-session';
import { MongoClient } from 'mongodb';
import { promisify } from 'node:util';
import { MongoSessionStore } from '../src/mongodb.js';
import { TestClock, uniqueMongoUri } from './fixtures.js';

const MINUTE = 60_000;

function save(store: MongoSessionStore, sid: string): Promise<void> {
  const data = {
    cookie: { originalMaxAge: null },
    a: 1,
  } as unknown as SessionData;
  return promisify(store.set.bind(store))(sid, data);
}

/**
 * What is particular to the MongoDB store: expired documents leave the
 * collection by a TTL index where the server keeps TTL indexes, else (and
 * with autoRemove: 'interval') by a periodic deleteMany. They are never
 * served either way (the store contract tests that).
 */
describe('MongoSessionStore: removal of expired documents', () => {
  const uri = uniqueMongoUri('removal');
  let client: MongoClient;
  const stores: MongoSessionStore[] = [];

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
  });

  afterAll(async () => {
    for (const store of stores) await store.stop();
    await client.db().dropDatabase();
    await client.close();
  });

  it('native: a TTL index on expires exactly when the server keeps TTL indexes', async () => {
    // Asked of the server directly, apart from the store.
    const serverHasTtl = await client
      .db()
      .collection('ttl_probe')
      .createIndex({ at: 1 }, { expireAfterSeconds: 0 })
      .then(
        () => true,
        () => false,
      );
    const store = new MongoSessionStore({ client, collectionName: 'native' });
    stores.push(store);
    await store.start();
    const indexes = await store.collection.indexes();
    const ttl = indexes.some(
      (index) =>
        index.expireAfterSeconds === 0 &&
        JSON.stringify(index.key) === JSON.stringify({ expires: 1 }),
    );
    expect(ttl).toBe(serverHasTtl);
  });

  it('interval: expired documents are deleted periodically, and only those', async () => {
    const clock = new TestClock();
    const store = new MongoSessionStore({
      client,
      collectionName: 'interval',
      autoRemove: 'interval',
      autoRemoveIntervalMs: 100,
      idleMs: 30 * MINUTE,
      clock: clock.now,
    });
    stores.push(store);
    await store.start();
    await save(store, 'expiring-session-id');
    clock.advance(20 * MINUTE);
    await save(store, 'staying-session-id');
    clock.advance(11 * MINUTE);
    // Nobody reads the first session again: only the removal can delete it.
    const deadline = Date.now() + 5_000;
    while ((await store.read('expiring-session-id')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.read('expiring-session-id')).toBeNull();
    expect(await store.read('staying-session-id')).not.toBeNull();
  });
});
