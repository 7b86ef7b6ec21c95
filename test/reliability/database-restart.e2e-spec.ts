import { DEMO } from '../utils/auth.js';
import { FerretDb } from '../utils/ferretdb.js';
import { useTestApp } from '../utils/test-app.js';
import { Browser, countOf } from './support.js';

/**
 * Fault 2: the database restarts (an upgrade, a crash) between two requests
 * of a visitor. The next request must find the session as it was: the data
 * is on disk, and the app reconnects by itself.
 */
describe('Reliability: the database restarts between two requests', () => {
  let db: FerretDb;
  let base: string;

  beforeAll(async () => {
    db = await FerretDb.start();
  });

  // The database goes with the server, deleted by dispose().
  const t = useTestApp(() => ({
    databaseUri: db.uri('restart_between'),
    keepDatabase: true,
  }));

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it.each([
    ['a clean stop and start', () => db.restart()],
    [
      'a crash (SIGKILL) and start',
      async () => {
        await db.kill();
        await db.start();
      },
    ],
  ])(
    'after %s, the next request sees the session intact',
    async (_name, restart) => {
      const visitor = new Browser();
      const user = new Browser();
      expect(
        (
          await visitor.submit(base, '/session', '/session', {
            key: 'colour',
            value: 'blue',
          })
        ).status,
      ).toBe(303);
      const before = countOf((await visitor.get(base, '/')).text);
      expect((await user.submit(base, '/login', '/login', DEMO)).status).toBe(
        303,
      );

      await restart();

      // The very next request: no retry, no waiting by the test.
      const home = await visitor.get(base, '/');
      expect(home.status).toBe(200);
      expect(countOf(home.text)).toBe(before + 1);
      const page = await visitor.get(base, '/session');
      expect(page.text).toContain('<td>blue</td>');
      const info = await user.get(base, '/userinfo');
      expect(info.status).toBe(200);
      expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
    },
    60_000,
  );
});
