import type { Browser } from 'playwright-core';
import { dropDatabase } from '../utils/test-app.js';
import { startAppServer, type AppServer } from './app-server.js';
import { blockingViolations } from './axe.js';
import {
  launchBrowser,
  newPerson,
  NO_PROBLEMS,
  type PageProblems,
} from './browser.js';
import { clickAndLoad, countOn, flashesOn, reload } from './pages.js';

describe('Flow 1: the counter in a real browser', () => {
  let server: AppServer;
  let browser: Browser;
  const problems: PageProblems[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) await dropDatabase(server.databaseUri);
  });

  afterEach(() => {
    for (const seen of problems.splice(0)) {
      expect(seen).toEqual(NO_PROBLEMS);
    }
  });

  const person = async () => {
    const made = await newPerson(browser, server.origin);
    problems.push(made.problems);
    return made.context;
  };

  it('counts 1, then 2 on reload; another person starts at 1', async () => {
    const alice = await person();
    const page = await alice.newPage();
    await page.goto(server.url('/'));
    await expect(page.title()).resolves.toBe('Home · nest-sessions');
    expect(await page.locator('h1').textContent()).toBe('Count: 1');
    expect(await blockingViolations(page)).toEqual([]);

    await reload(page);
    expect(await countOn(page)).toBe(2);

    const bob = await person();
    const bobPage = await bob.newPage();
    await bobPage.goto(server.url('/'));
    expect(await countOn(bobPage)).toBe(1);

    // Alice's count went on regardless of Bob's visit.
    await reload(page);
    expect(await countOn(page)).toBe(3);

    // The browser holds only the signed session ID, HttpOnly and SameSite=Lax.
    const cookies = await alice.cookies();
    const sid = cookies.find((cookie) => cookie.name === 'sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(decodeURIComponent(sid!.value)).toMatch(/^s:[\w-]+\.[\w+/=-]+$/);
    await alice.close();
    await bob.close();
  });

  it('two tabs of one person share the counter', async () => {
    const carol = await person();
    const first = await carol.newPage();
    await first.goto(server.url('/'));
    const second = await carol.newPage();
    await second.goto(server.url('/'));
    expect([await countOn(first), await countOn(second)]).toEqual([1, 2]);
    await carol.close();
  });

  it('the reset button (a CSRF-protected form) starts the count again, with a flash shown once', async () => {
    const dave = await person();
    const page = await dave.newPage();
    await page.goto(server.url('/'));
    await reload(page);
    expect(await countOn(page)).toBe(2);

    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Reset the counter' }),
    );
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await flashesOn(page)).toEqual(['info Counter reset']);
    expect(await countOn(page)).toBe(1);
    expect(await blockingViolations(page)).toEqual([]);

    await reload(page);
    expect(await flashesOn(page)).toEqual([]);
    expect(await countOn(page)).toBe(2);
    await dave.close();
  });
});
