import { blockingViolations } from './axe.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, flashesOn } from './pages.js';

describe('Every page in a real browser: accessibility, CSP, error pages', () => {
  const suite = browserSuite();

  it.each(['/', '/session', '/login', '/register'])(
    '%s has no serious or critical accessibility violation',
    async (path) => {
      const page = await (await suite.person()).newPage();
      const response = await page.goto(suite.server.url(path));
      expect(response?.status()).toBe(200);
      expect(await blockingViolations(page)).toEqual([]);
    },
  );

  it('the not-found page is readable and accessible', async () => {
    const page = await (await suite.person()).newPage();
    const response = await page.goto(suite.server.url('/no-such-page'));
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await blockingViolations(page)).toEqual([]);
    await clickAndLoad(
      page,
      page.getByRole('link', { name: 'Back to the home page' }),
    );
    expect(await countOn(page)).toBe(1);
    expect(suite.take('failedResponses')).toEqual(['404 GET /no-such-page']);
  });

  it('a form whose cookies were lost gets a clear 403 page; reloading and sending again works', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/'));
    await person.clearCookies();

    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Reset the counter' }),
    );
    expect(await page.locator('h1').textContent()).toBe('Forbidden');
    expect(await page.getByTestId('error-message').textContent()).toContain(
      'This form has expired',
    );
    expect(await blockingViolations(page)).toEqual([]);

    await page.goto(suite.server.url('/'));
    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Reset the counter' }),
    );
    expect(await flashesOn(page)).toEqual(['info Counter reset']);
    expect(suite.take('failedResponses')).toEqual(['403 POST /counter/reset']);
  });

  it('the CSP refuses an injected inline script (why axe-core is evaluated, not injected)', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/'));
    await expect(
      page.addScriptTag({ content: 'window.injected = true;' }),
    ).rejects.toThrow(
      "violates the following Content Security Policy directive 'script-src 'self''",
    );
    expect(await page.evaluate('typeof window.injected')).toBe('undefined');
    suite.take('consoleErrors');
  });

  it('the skip link is the first thing the keyboard reaches and leads to the content', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/session'));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(
      await skip.evaluate(
        (link: { ownerDocument: { activeElement: unknown } }) =>
          link.ownerDocument.activeElement === link,
      ),
    ).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#content');
  });
});
