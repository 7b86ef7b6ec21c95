import { DEMO } from '../utils/auth.js';
import { uniqueDatabaseUri, useTestApp } from '../utils/test-app.js';
import { Browser, storedSession } from './support.js';

const formError = (html: string): string | undefined =>
  /data-testid="form-error">([^<]*)</.exec(html)?.[1];

/**
 * Fault 4: two app instances on one database, and no sticky routing: any
 * request of a visitor may land on either. Everything that matters lives in
 * the database, so both instances see the same logins, logouts and counts.
 */
describe('Reliability: several instances on one database', () => {
  const databaseUri = uniqueDatabaseUri('instances');
  // The second one drops the database, once both are closed.
  const one = useTestApp({ databaseUri, keepDatabase: true });
  const two = useTestApp({ databaseUri });
  let a: string;
  let b: string;

  beforeAll(async () => {
    await one.app.listen(0, '127.0.0.1');
    await two.app.listen(0, '127.0.0.1');
    a = await one.app.getUrl();
    b = await two.app.getUrl();
  });

  it('a login on one instance is valid on the other, and a logout on one ends it on both', async () => {
    const browser = new Browser();
    const login = await browser.submit(a, '/login', '/login', DEMO);
    expect(login.status).toBe(303);

    for (const base of [a, b]) {
      const info = await browser.get(base, '/userinfo');
      expect(info.status).toBe(200);
      expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
    }
    // Requests alternate between the instances; the session keeps its data.
    for (const base of [b, a, b]) await browser.get(base, '/');
    const sid = browser.sid!;
    expect((await storedSession(one, sid))?.session.count).toBe(3);

    const logout = await browser.submit(b, '/logout', '/logout');
    expect(logout.status).toBe(303);
    expect(await storedSession(one, sid)).toBeNull();

    // The old cookie is refused by both, the browser's current one is anonymous on both.
    for (const base of [a, b]) {
      const replay = await new Browser().request(base, {
        path: '/userinfo',
        headers: { cookie: sid },
      });
      expect(replay.status).toBe(303);
      expect(replay.headers.location).toMatch(/^\/login/);
      const own = await browser.get(base, '/userinfo');
      expect(own.status).toBe(303);
    }
  });

  it('login throttling counts failures made on both instances together', async () => {
    const email = 'someone@example.com';
    const wrong = { email, password: 'not the password' };
    // Five failures spread over the two instances: the limit for one email.
    for (const base of [a, b, a, b, a]) {
      const res = await new Browser().submit(base, '/login', '/login', wrong);
      expect(res.status).toBe(401);
    }
    for (const base of [b, a]) {
      const res = await new Browser().submit(base, '/login', '/login', wrong);
      expect(res.status).toBe(429);
      expect(formError(res.text)).toMatch(/^Too many failed login attempts/);
    }
  });
});
