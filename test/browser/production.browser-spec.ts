import { blockingViolations } from './axe.js';
import { DEMO_EMAIL, flashMessages, logIn, pathOf } from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, flashesOn, reload } from './pages.js';

/**
 * The production configuration as docker-compose.yml runs it: NODE_ENV=production,
 * a real secret, TRUST_PROXY=false, SESSION_COOKIE_SECURE=false, opened at
 * http://localhost (the host name, not 127.0.0.1: browsers keep Secure and
 * __Host- cookies over plain HTTP only on localhost). The demo user is seeded
 * here so that there is someone to log in as.
 */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'production-like-secret-0123456789abcdef',
  SEED_DEMO_USER: 'true',
  TRUST_PROXY: 'false',
  SESSION_COOKIE_SECURE: 'false',
};

describe('Production configuration as docker compose runs it, at plain http://localhost', () => {
  const suite = browserSuite({ hostName: 'localhost', env: PRODUCTION_ENV });

  // KNOWN PROBLEM, kept visible by these tests: the app does not read
  // SESSION_COOKIE_SECURE (the compose file and README promise a plain `sid`
  // cookie with it), so production always uses __Host-sid with Secure.
  // express-session sends a Secure cookie only when the request itself is
  // secure (HTTPS, or a trusted proxy's X-Forwarded-Proto: https), so over
  // plain http://localhost it sends none, though Chromium would keep it.
  // When the app is fixed, these tests fail: turn them into the same checks
  // as the proxy tests below (with the cookie the fix chooses).
  it('gets no __Host-sid cookie, so the counter never gets past 1', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/'));
    expect(await countOn(page)).toBe(1);
    await reload(page);
    expect(await countOn(page)).toBe(1);
    // The CSRF cookie is set with res.cookie, which does not check: Chromium keeps it.
    expect(
      (await person.cookies()).map((c) => `${c.name} secure=${c.secure}`),
    ).toEqual(['__Host-csrf secure=true']);
  });

  it('accepts the password but the login does not stick: back on the login form, without a message', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    // POST /login answers 303 to /userinfo without a Set-Cookie; /userinfo
    // then sends the cookie-less browser back to the login page.
    expect(pathOf(page)).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/userinfo');
    expect(await flashMessages(page)).toEqual([]);
    expect((await person.cookies()).map((c) => c.name)).toEqual([
      '__Host-csrf',
    ]);
  });
});

describe('Production configuration behind an HTTPS proxy (TRUST_PROXY=true)', () => {
  const suite = browserSuite({
    hostName: 'localhost',
    env: {
      ...PRODUCTION_ENV,
      TRUST_PROXY: 'true',
      SESSION_COOKIE_SECURE: 'true',
    },
  });

  // What a TLS-terminating proxy adds to every request it forwards.
  const behindProxy = () =>
    suite.person({ extraHTTPHeaders: { 'X-Forwarded-Proto': 'https' } });

  it('keeps the session in the __Host-sid Secure cookie and accepts forms', async () => {
    const person = await behindProxy();
    const page = await person.newPage();
    await page.goto(suite.server.url('/'));
    expect(await countOn(page)).toBe(1);
    await reload(page);
    expect(await countOn(page)).toBe(2);
    expect(await blockingViolations(page)).toEqual([]);

    const cookies = await person.cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual([
      '__Host-csrf',
      '__Host-sid',
    ]);
    for (const cookie of cookies) {
      expect(cookie).toMatchObject({
        domain: 'localhost',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
      });
    }

    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Reset the counter' }),
    );
    expect(await flashesOn(page)).toEqual(['info Counter reset']);
    expect(await countOn(page)).toBe(1);
  });

  it('logs the demo user in through the form', async () => {
    const person = await behindProxy();
    const page = await person.newPage();
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');
    expect(await flashMessages(page)).toEqual([
      'Please log in to see this page',
    ]);
    await logIn(page);
    expect(pathOf(page)).toBe('/secret');
    expect(await flashMessages(page)).toEqual(['You are logged in']);
    await page.goto(suite.server.url('/userinfo'));
    expect(await page.getByTestId('email').textContent()).toBe(DEMO_EMAIL);
    const sid = (await person.cookies()).find((c) => c.name === '__Host-sid');
    expect(sid).toMatchObject({ secure: true, httpOnly: true, path: '/' });
  });
});
