import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { FerretDb } from './utils/ferretdb.js';
import {
  createTestApp,
  dropDatabase,
  TEST_SECRET,
  useTestApp,
} from './utils/test-app.js';

/** A port for the test's own database server; FERRETDB_SPARE_PORT pins it. */
const sparePort = (): number | undefined =>
  process.env.FERRETDB_SPARE_PORT
    ? Number(process.env.FERRETDB_SPARE_PORT)
    : undefined;

describe('foundation: /health', () => {
  describe('with the database up', () => {
    const t = useTestApp();

    it('answers 200 {"status":"ok"} with MongoDB up, uncached and without a session', async () => {
      const res = await request(t.server)
        .get('/health')
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: {
          mongo: { status: 'up' },
          sessions: { status: 'up', store: 'mongodb' },
        },
        error: {},
      });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('when the database stops', () => {
    let db: FerretDb;

    beforeAll(async () => {
      db = await FerretDb.start({ port: sparePort() });
    }, 60_000);

    // The database goes with the server, deleted by dispose().
    const t = useTestApp(() => ({
      databaseUri: db.uri('health_outage'),
      keepDatabase: true,
    }));

    afterAll(async () => {
      await db?.dispose();
    }, 30_000);

    it('answers 503 {"status":"error"} naming MongoDB within 3 s, and 200 again once it is back', async () => {
      await request(t.server).get('/health').expect(200);

      await db.stop();
      const started = Date.now();
      const down = await request(t.server).get('/health');
      const elapsed = Date.now() - started;
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        status: 'error',
        info: {},
        error: {
          mongo: { status: 'down' },
          sessions: { status: 'down', store: 'mongodb' },
        },
      });
      // The driver's messages name the database's address: a public answer does not.
      expect(JSON.stringify(down.body)).not.toContain(String(db.port));
      expect(elapsed).toBeLessThan(3_000);

      await db.start();
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await request(t.server).get('/health')).status;
        if (status === 200) break;
        await sleep(100);
      }
      expect(status).toBe(200);
    }, 45_000);
  });
});

describe('foundation: start-up refuses bad configuration, naming the variable', () => {
  const refusals: Array<[string, Record<string, string | undefined>, RegExp]> =
    [
      [
        'production without a secret',
        { NODE_ENV: 'production', SESSION_SECRET: undefined },
        /SESSION_SECRET: required when NODE_ENV=production/,
      ],
      [
        'production with a secret shorter than 32 characters',
        { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(31) },
        /SESSION_SECRET: .*shorter than 32 characters/,
      ],
      [
        'production with one short secret among rotated ones',
        {
          NODE_ENV: 'production',
          SESSION_SECRET: `${TEST_SECRET},short-old-secret`,
        },
        /SESSION_SECRET: secret number 2 is shorter than 32/,
      ],
      [
        'an unreadable SESSION_SECRET_FILE',
        {
          NODE_ENV: 'production',
          SESSION_SECRET: undefined,
          SESSION_SECRET_FILE: '/nonexistent/session-secret',
        },
        /SESSION_SECRET_FILE: cannot read "\/nonexistent\/session-secret"/,
      ],
      ['PORT=abc', { PORT: 'abc' }, /PORT: .*must be a whole number.*"abc"/],
      ['PORT=70000', { PORT: '70000' }, /PORT: must be between 0 and 65535/],
      [
        'SESSION_IDLE_MINUTES=-1',
        { SESSION_IDLE_MINUTES: '-1' },
        /SESSION_IDLE_MINUTES: must be more than 0.*"-1"/,
      ],
      [
        'SESSION_AUTOREMOVE=sometimes',
        { SESSION_AUTOREMOVE: 'sometimes' },
        /SESSION_AUTOREMOVE: must be one of native, interval/,
      ],
      [
        'MONGODB_URI=http://x',
        { MONGODB_URI: 'http://x' },
        /MONGODB_URI: must be a MongoDB connection string.*"http:\/\/x"/,
      ],
      [
        'NODE_ENV=staging',
        { NODE_ENV: 'staging' },
        /NODE_ENV: must be one of development, production, test/,
      ],
      [
        'TRUST_PROXY=maybe',
        { TRUST_PROXY: 'maybe' },
        /TRUST_PROXY: must be true or false.*"maybe"/,
      ],
      [
        'SHUTDOWN_GRACE_MS=-5',
        { SHUTDOWN_GRACE_MS: '-5' },
        /SHUTDOWN_GRACE_MS: must be 0 or more/,
      ],
    ];

  it.each(refusals)('%s', async (_case, env, message) => {
    const started = createTestApp({ env });
    // An app that starts by mistake must still be closed, or Jest never exits.
    started.then(
      (t) => t.close().then(() => dropDatabase(t.databaseUri)),
      () => undefined,
    );
    await expect(started).rejects.toThrow(message);
  });

  it('starts in production with a secret of 32 characters or more', async () => {
    const t = await createTestApp({
      env: {
        NODE_ENV: 'production',
        SESSION_SECRET: 'S9vK2mQx7LpR4tWz8NcB3hJd6FyG1aE5',
      },
    });
    try {
      await request(t.server).get('/health').expect(200);
    } finally {
      await t.close();
      await dropDatabase(t.databaseUri);
    }
  });
});
