import type { Page } from 'playwright-core';
import { blockingViolations } from './axe.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, flashesOn } from './pages.js';

/** The figure the countdown shows now. */
async function secondsShown(page: Page): Promise<number> {
  return Number(
    await page
      .locator('[data-countdown-seconds]')
      .textContent({ timeout: 1000 }),
  );
}

describe('The course, live: the timeout countdown and the new demos in a real browser', () => {
  const suite = browserSuite();

  it('counts down from 20 s with the page’s script, then the server says the session expired and the data is gone', async () => {
    const person = await suite.person();
    // The page's clock and the app's move together: 20 seconds pass in no time.
    await person.clock.install();
    const page = await person.newPage();
    await page.goto(suite.server.url('/'));
    await page.goto(suite.server.url('/course/timeout'));
    await clickAndLoad(
      page,
      page.getByRole('button', {
        name: 'Let my session expire in 20 seconds',
      }),
    );
    expect(await flashesOn(page)).toEqual([
      'info Your session now ends after 20 seconds without a request',
    ]);
    const countdown = page.getByText(/^Your session ends in \d+ s\.$/);
    expect(await countdown.isVisible()).toBe(true);
    const first = await secondsShown(page);
    expect(first).toBeGreaterThanOrEqual(19);
    expect(first).toBeLessThanOrEqual(20);
    expect(
      await page.getByText('Your session holds now:').textContent(),
    ).toMatch(/count\s+timeoutDemo/);
    expect(await blockingViolations(page)).toEqual([]);

    await page.clock.runFor(5_000);
    expect(await secondsShown(page)).toBe(first - 5);
    const done = page.getByText(
      'Time is up: the server has ended your session.',
    );
    expect(await done.isVisible()).toBe(false);

    suite.server.t.clock.advance(20_001);
    await page.clock.runFor(16_000);
    expect(await done.isVisible()).toBe(true);
    expect(await countdown.isVisible()).toBe(false);

    await clickAndLoad(
      page,
      page.getByRole('link', { name: 'Come back to this page' }),
    );
    expect(await flashesOn(page)).toEqual(['warning Your session has expired']);
    expect(
      await page
        .getByText(
          'Your session holds nothing now: no data of yours is stored.',
        )
        .isVisible(),
    ).toBe(true);
    expect(await page.getByTestId('stored-nothing').isVisible()).toBe(true);
    // Told once.
    await page.goto(suite.server.url('/course/timeout'));
    expect(await flashesOn(page)).toEqual([]);
    expect(
      await page
        .getByRole('button', { name: 'Let my session expire in 20 seconds' })
        .isVisible(),
    ).toBe(true);
  });

  it('counts down in French too', async () => {
    const person = await suite.person({ locale: 'fr-FR' });
    await person.clock.install();
    const page = await person.newPage();
    await page.goto(suite.server.url('/course/timeout'));
    await clickAndLoad(
      page,
      page.getByRole('button', {
        name: 'Faire expirer ma session dans 20 secondes',
      }),
    );
    expect(
      await page
        .getByText(/^Votre session se termine dans \d+ s\.$/)
        .isVisible(),
    ).toBe(true);
    suite.server.t.clock.advance(20_001);
    await page.clock.runFor(21_000);
    await clickAndLoad(
      page,
      page.getByRole('link', { name: 'Revenir sur cette page' }),
    );
    expect(await flashesOn(page)).toEqual(['attention Votre session a expiré']);
  });

  it.each([
    '/course/timeout',
    '/session/get?key=colour&default=none',
    '/course/flash',
    '/course/url-for?name=nowhere&values=',
  ])(
    '%s is accessible and fits a phone without sideways scrolling',
    async (path) => {
      const page = await (
        await suite.person({ viewport: { width: 375, height: 740 } })
      ).newPage();
      expect((await page.goto(suite.server.url(path)))?.status()).toBe(200);
      expect(await blockingViolations(page)).toEqual([]);
      expect(
        await page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        ),
      ).toBeLessThanOrEqual(0);
    },
  );
});
