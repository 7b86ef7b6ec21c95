import { DEMO } from '../utils/auth.js';
import { RedisCluster } from '../utils/redis-server.js';
import {
  createTestApp,
  dropDatabase,
  uniqueDatabaseUri,
  type TestApp,
} from '../utils/test-app.js';
import { uniqueRedisPrefix } from '../utils/stores.js';
import { Browser, countOf } from './support.js';

/**
 * Sessions on a Redis Cluster of three masters, and two app instances with no
 * sticky routing: a login on one is valid on the other, a session ended from
 * one is ended on both, and parallel hits of one visitor, spread over both,
 * all count. Every command of the store names one key (a session's hash, or
 * a user's index), so none needs a cross-slot operation.
 */
describe('Reliability: sessions on a Redis Cluster, two instances', () => {
  const databaseUri = uniqueDatabaseUri('redis_cluster');
  const prefix = uniqueRedisPrefix();
  let cluster: RedisCluster;
  let one: TestApp;
  let two: TestApp;
  let a: string;
  let b: string;

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    const env = {
      SESSION_STORE: 'redis',
      REDIS_CLUSTER_NODES: cluster.urls.join(','),
      REDIS_KEY_PREFIX: prefix,
    };
    one = await createTestApp({ databaseUri, env });
    two = await createTestApp({ databaseUri, env });
    await one.app.listen(0, '127.0.0.1');
    await two.app.listen(0, '127.0.0.1');
    a = await one.app.getUrl();
    b = await two.app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await cluster?.dispose();
    await dropDatabase(databaseUri);
  });

  it('spreads sessions over the masters', async () => {
    for (let i = 0; i < 30; i++) {
      const visitor = new Browser();
      await visitor.submit(a, '/session', '/session', {
        key: 'note',
        value: `v${i}`,
      });
    }
    const perNode = cluster.nodes.map(
      (node) =>
        node
          .cli('--scan', '--pattern', `${prefix}{*`)
          .split('\n')
          .filter(Boolean).length,
    );
    expect(perNode.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(30);
    for (const n of perNode) expect(n).toBeGreaterThan(0);
  });

  it('a login on one instance is valid on the other', async () => {
    const user = new Browser();
    expect((await user.submit(a, '/login', '/login', DEMO)).status).toBe(303);
    const info = await user.get(b, '/userinfo');
    expect(info.status).toBe(200);
    expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
  });

  it('ending the other sessions from one instance ends them on the other', async () => {
    const laptop = new Browser();
    const phone = new Browser();
    expect((await laptop.submit(a, '/login', '/login', DEMO)).status).toBe(303);
    expect((await phone.submit(b, '/login', '/login', DEMO)).status).toBe(303);
    const list = await phone.get(b, '/account/sessions');
    expect(list.status).toBe(200);
    const ended = await phone.submit(
      b,
      '/account/sessions',
      '/account/sessions/revoke-others',
    );
    expect(ended.status).toBe(303);
    expect((await laptop.get(a, '/userinfo')).status).toBe(303);
    expect((await phone.get(a, '/userinfo')).status).toBe(200);
  });

  it('counts every one of 50 parallel hits of one visitor, spread over both instances', async () => {
    const visitor = new Browser();
    await visitor.submit(a, '/session', '/session', {
      key: 'seed',
      value: 'x',
    });
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        visitor.get(i % 2 === 0 ? a : b, '/').then((res) => res.status),
      ),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(countOf((await visitor.get(b, '/')).text)).toBe(51);
  });
});
