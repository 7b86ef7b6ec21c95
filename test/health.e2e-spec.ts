import request from 'supertest';
import { FerretDb } from './utils/ferretdb.js';
import { useTestApp } from './utils/test-app.js';

describe('GET /health', () => {
  describe('with the database up', () => {
    const t = useTestApp();

    it('answers 200 with MongoDB and the session store up, in terminus format, without a session', async () => {
      const res = await request(t.server).get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: {
          mongo: { status: 'up' },
          sessions: { status: 'up', store: 'mongodb' },
        },
        error: {},
      });
      const { details } = res.body as { details: Record<string, unknown> };
      expect(Object.keys(details)).toEqual(['mongo', 'sessions']);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('answers JSON to a browser too, which asks for HTML first', async () => {
      const res = await request(t.server)
        .get('/health')
        .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(res.body.status).toBe('ok');
    });
  });

  describe('when the database stalls with its connections open (SIGSTOP)', () => {
    let db: FerretDb;

    beforeAll(async () => {
      db = await FerretDb.start();
    }, 60_000);

    // The driver's own wait (MONGODB_SOCKET_TIMEOUT_MS) raised past the
    // check's: the health check's timer alone must bound the answer.
    const t = useTestApp(() => ({
      databaseUri: db.uri('health_stall'),
      keepDatabase: true,
      env: { MONGODB_SOCKET_TIMEOUT_MS: '10000' },
    }));

    afterAll(async () => {
      db?.thaw();
      await db?.dispose();
    }, 30_000);

    it('answers 503 naming MongoDB after its 2.5 s timeout, within 3 s, and 200 again after the thaw', async () => {
      await request(t.server).get('/health').expect(200);
      db.freeze();
      try {
        for (let round = 0; round < 2; round += 1) {
          const started = Date.now();
          const res = await request(t.server).get('/health');
          expect(Date.now() - started).toBeLessThan(3_000);
          expect(res.status).toBe(503);
          expect(res.body).toMatchObject({
            status: 'error',
            error: {
              mongo: { status: 'down', message: 'timeout of 2500ms exceeded' },
              sessions: { status: 'down', store: 'mongodb' },
            },
          });
        }
      } finally {
        db.thaw();
      }
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200)
        status = (await request(t.server).get('/health')).status;
      expect(status).toBe(200);
    }, 40_000);
  });
});
