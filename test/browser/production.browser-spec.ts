import { blockingViolations } from './axe.js';
import {
  DEMO_EMAIL,
  flashMessages,
  fullLogoutButton,
  logIn,
  pathOf,
} from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, flashesOn, reload } from './pages.js';

/**
 * The production configuration as docker-compose.yml runs it: NODE_ENV=production,
 * a real secret, TRUST_PROXY=false, opened at http://localhost (the host name,
 * not 127.0.0.1: it is what compose prints and what people type). Browsers
 * keep Secure and __Host- cookies over plain HTTP on localhost; the app has to
 * set them there although the request is not HTTPS. The demo user is seeded
 * here so that there is someone to log in as.
 */
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'pR8wK3nV6qZt1LxB9mYc4HsJ7dFg2AeT5uWo',
  SEED_DEMO_USER: 'true',
  TRUST_PROXY: 'false',
};

const SECURE_HOST_COOKIE = {
  domain: 'localhost',
  path: '/',
  secure: true,
  httpOnly: true,
  sameSite: 'Lax',
};

describe('Production configuration as docker compose runs it, at plain http://localhost', () => {
  const suite = browserSuite({ hostName: 'localhost', env: PRODUCTION_ENV });

  it('keeps the session in the __Host-sid Secure cookie: the counter goes on', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/'));
    expect(await countOn(page)).toBe(1);
    await reload(page);
    expect(await countOn(page)).toBe(2);
    const cookies = await person.cookies();
    expect(cookies.map((c) => c.name).sort()).toEqual([
      '__Host-csrf',
      '__Host-sid',
    ]);
    for (const cookie of cookies)
      expect(cookie).toMatchObject(SECURE_HOST_COOKIE);
  });

  it('logs the demo user in through the form, and out again', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');
    expect(await flashMessages(page)).toEqual([
      'Please log in to see this page',
    ]);
    expect(await blockingViolations(page)).toEqual([]);
    await logIn(page);
    expect(pathOf(page)).toBe('/secret');
    expect(await flashMessages(page)).toEqual(['You are logged in']);
    await page.goto(suite.server.url('/userinfo'));
    expect(await page.getByTestId('email').textContent()).toBe(DEMO_EMAIL);
    const sid = (await person.cookies()).find((c) => c.name === '__Host-sid');
    expect(sid).toMatchObject(SECURE_HOST_COOKIE);

    await page.goto(suite.server.url('/logout'));
    await clickAndLoad(page, fullLogoutButton(page));
    expect(await flashMessages(page)).toEqual(['You are logged out']);
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');
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
    for (const cookie of cookies)
      expect(cookie).toMatchObject(SECURE_HOST_COOKIE);

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
