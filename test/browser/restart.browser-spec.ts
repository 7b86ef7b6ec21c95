import { flashMessages, logIn, pathOf } from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, reload, sessionRows } from './pages.js';

describe('Flow 5: the app server restarts while the browser stays open', () => {
  const suite = browserSuite();

  it('keeps the login, the counter and a form loaded before the restart', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    await page.goto(suite.server.url('/'));
    await reload(page);
    const counted = await countOn(page);
    const formPage = await person.newPage();
    await formPage.goto(suite.server.url('/session'));

    const before = suite.server;
    await suite.restart();
    expect(before.t.app.getHttpServer().listening).toBe(false);
    expect(suite.server.port).toBe(before.port);
    expect(suite.server.t.app).not.toBe(before.t.app);

    await reload(page);
    expect(await countOn(page)).toBe(counted + 1);
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/secret');

    // The page was rendered by the old process; its CSRF token still works.
    const form = formPage.getByRole('region', { name: /^Set a key/ });
    await form.getByLabel('Key').fill('after_restart');
    await form.getByLabel('Value').fill('yes');
    await clickAndLoad(formPage, form.getByRole('button', { name: 'Set' }));
    expect(await flashMessages(formPage)).toEqual([
      'Stored session["after_restart"]',
    ]);
    expect(await sessionRows(formPage)).toContainEqual([
      'after_restart',
      'yes',
    ]);
  });
});
