import { blockingViolations } from './axe.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, flashesOn, reload } from './pages.js';

/**
 * The production configuration as `docker compose` runs it: NODE_ENV=production,
 * a real secret, opened at http://localhost (the host name, not 127.0.0.1:
 * browsers keep Secure and __Host- cookies over plain HTTP only on localhost).
 */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'production-like-secret-0123456789abcdef',
  SEED_DEMO_USER: 'true',
};

describe('Production configuration at plain http://localhost (no proxy)', () => {
  const suite = browserSuite({ hostName: 'localhost', env: PRODUCTION_ENV });

  // KNOWN PROBLEM, kept visible by this test: express-session sends a cookie
  // marked Secure only when the request itself is secure (HTTPS, or a trusted
  // proxy's X-Forwarded-Proto: https). Chromium would accept __Host-sid over
  // http://localhost, but the app never sends it, so nothing is remembered.
  // When the app is changed to make this work, this test fails: turn it into
  // the same checks as the proxy test below.
  it('gets no __Host-sid cookie, so the session never sticks', async () => {
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
});

describe('Production configuration behind an HTTPS proxy (TRUST_PROXY=true)', () => {
  const suite = browserSuite({
    hostName: 'localhost',
    env: { ...PRODUCTION_ENV, TRUST_PROXY: 'true' },
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
});
