import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { browserSuite } from './harness.js';
import { keepDataButton, logIn } from './auth-pages.js';
import { clickAndLoad } from './pages.js';

/**
 * `npm run screenshots`: the pages as a person sees them, saved for the
 * README under docs/screenshots/. Each page is reached by using the app, so
 * the pictures show real states (a counted visit, stored keys, flashes).
 */
export const SCREENSHOTS_DIR = join(PROJECT_ROOT, 'docs', 'screenshots');

/** A phone's width: the pages reflow to it (test/browser/screens.browser-spec.ts). */
const PHONE_WIDTH = 375;

async function save(page: Page, name: string, width = 1000): Promise<void> {
  // A short viewport, so the full-page picture ends where the page does.
  await page.setViewportSize({ width, height: 300 });
  await page.screenshot({
    path: join(SCREENSHOTS_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

describe('screenshots', () => {
  const suite = browserSuite();

  beforeAll(() => mkdirSync(SCREENSHOTS_DIR, { recursive: true }));

  it('home: the counter after a first visit', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/'));
    await save(page, 'home');
  });

  it('home-phone: the same page on a phone, 375 px wide', async () => {
    const page = await (
      await suite.person({ viewport: { width: PHONE_WIDTH, height: 700 } })
    ).newPage();
    await page.goto(suite.server.url('/'));
    await save(page, 'home-phone', PHONE_WIDTH);
  });

  it('templates: a concept page, the course’s Jinja beside this app’s Handlebars and the result', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/'));
    await page.goto(suite.server.url('/course/templates'));
    await save(page, 'templates');
  });

  it('logout: where the logout that keeps the data leads, saying what it kept and removed', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/'));
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    await page.goto(suite.server.url('/logout'));
    await clickAndLoad(page, keepDataButton(page));
    await save(page, 'logout');
  });

  it('session: two stored keys and the flash of the last one', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/session'));
    const form = page.getByRole('region', { name: /^Set a key/ });
    for (const [key, value] of [
      ['colour', 'blue'],
      ['size', 'large'],
    ]) {
      await form.getByLabel('Key').fill(key);
      await form.getByLabel('Value').fill(value);
      await clickAndLoad(page, form.getByRole('button', { name: 'Set' }));
    }
    await save(page, 'session');
  });

  it('login: where /secret sends a visitor, with its warning', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/secret'));
    await save(page, 'login');
  });

  it('userinfo: the account page after logging in', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    await page.goto(suite.server.url('/userinfo'));
    await save(page, 'userinfo');
  });
});
