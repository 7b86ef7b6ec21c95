import request from 'supertest';
import {
  eventually,
  findSession,
  sessionsOf,
  sidOf,
  mongoStoreOf,
} from './utils/session-helpers.js';
import { createTestApp, dropDatabase, type TestApp } from './utils/test-app.js';

const MINUTE = 60_000;

/**
 * What is particular to the MongoDB store: expired documents are removed by
 * a TTL index where the server has TTL indexes, else by a periodic
 * deleteMany. (Redis removes expired sessions itself: see
 * test/reliability/redis-store.e2e-spec.ts.)
 */
describe('MongoDB session store: removal of expired documents', () => {
  const apps: TestApp[] = [];

  async function app(env: Record<string, string>): Promise<TestApp> {
    const t = await createTestApp({ store: 'mongodb', env });
    apps.push(t);
    return t;
  }

  afterAll(async () => {
    for (const t of apps) {
      await t.close();
      await dropDatabase(t.databaseUri);
    }
  });

  it('native mode uses a TTL index exactly when the server keeps one on expires', async () => {
    const t = await app({ SESSION_AUTOREMOVE: 'native' });
    // Whether the server has TTL indexes, asked of it directly, apart from
    // the store (both answers are unit-tested in expired-removal.spec.ts).
    const serverHasTtl = await t.connection
      .db!.collection('ttl_probe')
      .createIndex({ at: 1 }, { expireAfterSeconds: 0 })
      .then(
        () => true,
        () => false,
      );
    const indexes = await sessionsOf(t).indexes();
    const ttl = indexes.some(
      (index) =>
        index.expireAfterSeconds === 0 &&
        JSON.stringify(index.key) === JSON.stringify({ expires: 1 }),
    );
    expect({ mode: mongoStoreOf(t).removalMode, ttl }).toEqual({
      mode: serverHasTtl ? 'ttl-index' : 'interval',
      ttl: serverHasTtl,
    });
  });

  it('interval mode deletes expired documents periodically, and only those', async () => {
    const t = await app({
      SESSION_IDLE_MINUTES: '30',
      SESSION_AUTOREMOVE: 'interval',
      SESSION_AUTOREMOVE_INTERVAL_SECONDS: '0.1',
    });
    expect(mongoStoreOf(t).removalMode).toBe('interval');
    const expiring = sidOf(await request(t.server).get('/').expect(200));
    t.clock.advance(20 * MINUTE);
    const staying = sidOf(await request(t.server).get('/').expect(200));
    t.clock.advance(11 * MINUTE);
    // Nobody sends the first cookie again: only the removal can delete its document.
    const gone = await eventually(
      async () => (await findSession(t, expiring)) === null,
      5_000,
      50,
    );
    expect(gone).toBe(true);
    expect(await findSession(t, staying)).not.toBeNull();
  });
});
