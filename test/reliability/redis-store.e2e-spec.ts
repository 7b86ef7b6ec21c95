import { DEMO } from '../utils/auth.js';
import { uniqueDatabaseUri, dropDatabase } from '../utils/test-app.js';
import { RedisServer } from '../utils/redis-server.js';
import { AppProcess } from './app-process.js';
import { Browser, countOf, waitUntil } from './support.js';

const VISITORS = 10;
const ANSWER_WITHIN_MS = 3_000;
const RECOVER_WITHIN_MS = 5_000;
const PAGES = ['/', '/session', '/userinfo'];

/**
 * Sessions in Redis, with the built app and a Redis of the test's own:
 * a restart of Redis between two requests loses nothing (persistence is on),
 * and while Redis is down every page that needs a session says so quickly
 * (503), /health names the store that is down, and the app recovers by
 * itself once Redis is back.
 */
describe('Reliability: sessions in Redis', () => {
  const databaseUri = uniqueDatabaseUri('redis_reliability');
  let redis: RedisServer;
  let app: AppProcess;

  beforeAll(async () => {
    redis = await RedisServer.start();
    app = await AppProcess.start({
      MONGODB_URI: databaseUri,
      SESSION_STORE: 'redis',
      REDIS_URL: redis.url,
    });
  });

  afterAll(async () => {
    await app?.stop('SIGTERM');
    await redis?.dispose();
    await dropDatabase(databaseUri);
  });

  it.each([
    ['a clean restart', (server: RedisServer) => server.stop()],
    ['a crash (SIGKILL)', (server: RedisServer) => server.kill()],
  ])(
    'the visitor keeps their session and login across %s of Redis',
    async (_label, halt) => {
      const user = new Browser();
      expect(
        (await user.submit(app.base, '/login', '/login', DEMO)).status,
      ).toBe(303);
      await user.get(app.base, '/');
      await user.get(app.base, '/');

      await halt(redis);
      await redis.start();
      await waitUntil(
        async () =>
          (await user.get(app.base, '/userinfo', 2_000)).status === 200,
        RECOVER_WITHIN_MS,
        100,
      );
      const info = await user.get(app.base, '/userinfo');
      expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
      expect(countOf((await user.get(app.base, '/')).text)).toBe(3);
    },
  );

  it('answers 503 within 3 s while Redis is down, says which store is down, and recovers without a restart', async () => {
    const base = app.base;
    const visitors = Array.from({ length: VISITORS }, () => new Browser());
    for (const [i, visitor] of visitors.entries()) {
      const res = await visitor.submit(base, '/session', '/session', {
        key: 'note',
        value: `visitor-${i}`,
      });
      expect(res.status).toBe(303);
    }

    await redis.stop();
    let worst = 0;
    const slow: string[] = [];
    for (const visitor of visitors.slice(0, 3)) {
      for (const path of PAGES) {
        const started = Date.now();
        const res = await visitor.get(base, path, 10_000);
        const ms = Date.now() - started;
        worst = Math.max(worst, ms);
        if (ms > ANSWER_WITHIN_MS) slow.push(`${path}: ${ms} ms`);
        expect([path, res.status]).toEqual([path, 503]);
        expect(res.text).toContain('temporarily unavailable');
      }
    }
    const health = await new Browser().get(base, '/health', 10_000);
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({
      status: 'error',
      info: { mongo: { status: 'up' } },
      error: { sessions: { status: 'down', store: 'redis' } },
    });
    // Pages that need no session still work.
    expect((await new Browser().get(base, '/static/css/main.css')).status).toBe(
      200,
    );
    expect(slow).toEqual([]);
    expect(app.running).toBe(true);

    await redis.start();
    const recoveryMs = await waitUntil(
      async () => (await visitors[0].get(base, '/', 2_000)).status === 200,
      RECOVER_WITHIN_MS,
      100,
    );
    for (const [i, visitor] of visitors.entries()) {
      const page = await visitor.get(base, '/session');
      expect([i, page.status]).toEqual([i, 200]);
      expect(page.text).toContain(`<td>visitor-${i}</td>`);
    }
    expect((await new Browser().get(base, '/health')).status).toBe(200);
    expect(app.output).not.toMatch(/unhandled|uncaught|^\s+at /im);
    process.stderr.write(
      `[reliability] Redis down: slowest answer ${worst} ms; first success ${recoveryMs} ms after Redis was back; sessions lost: 0 of ${VISITORS}\n`,
    );
  });

  it('answers 503 within 3 s while Redis hangs (no answer on an open connection)', async () => {
    const visitor = new Browser();
    await visitor.submit(app.base, '/session', '/session', {
      key: 'note',
      value: 'kept',
    });
    redis.pause();
    try {
      const started = Date.now();
      const res = await visitor.get(app.base, '/session', 10_000);
      const ms = Date.now() - started;
      expect(res.status).toBe(503);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      redis.resume();
    }
    await waitUntil(
      async () =>
        (await visitor.get(app.base, '/session', 2_000)).status === 200,
      RECOVER_WITHIN_MS,
      100,
    );
    expect((await visitor.get(app.base, '/session')).text).toContain(
      '<td>kept</td>',
    );
  });

  it('expired sessions are removed by Redis itself (PEXPIREAT), with no request and no sweep', async () => {
    const shortLived = await AppProcess.start({
      MONGODB_URI: databaseUri,
      SESSION_STORE: 'redis',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'short:',
      SESSION_IDLE_MINUTES: '0.01',
    });
    try {
      const visitor = new Browser();
      await visitor.submit(shortLived.base, '/session', '/session', {
        key: 'note',
        value: 'soon gone',
      });
      const keys = () =>
        redis
          .cli('--scan', '--pattern', 'short:{*')
          .split('\n')
          .filter(Boolean);
      expect(keys()).toHaveLength(1);
      const ttl = Number(redis.cli('pttl', keys()[0]));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600);
      await waitUntil(() => Promise.resolve(keys().length === 0), 5_000, 50);
    } finally {
      await shortLived.stop('SIGTERM');
    }
  });
});
