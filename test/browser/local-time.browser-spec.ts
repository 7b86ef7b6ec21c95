import type { Page } from 'playwright-core';
import { browserSuite } from './harness.js';
import { clickAndLoad } from './pages.js';

/** The `<time>` elements under a data-testid: the exact instant, the text shown, and the UTC text kept as title. */
async function timesIn(
  page: Page,
  testId: string,
): Promise<{ datetime: string; text: string; title: string | null }[]> {
  const times = page.getByTestId(testId).locator('time');
  const found = [];
  for (const time of await times.all())
    found.push({
      datetime: (await time.getAttribute('datetime')) ?? '',
      text: (await time.textContent()) ?? '',
      title: await time.getAttribute('title'),
    });
  return found;
}

/** The instant as a person in `timeZone` reads it, in `lang`: what the page's script writes. */
function localText(datetime: string, lang: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone,
  }).format(new Date(datetime));
}

const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;

describe('Times in the visitor’s own time zone', () => {
  const suite = browserSuite();

  it.each([
    ['fr-FR', 'fr', 'Europe/Zurich'],
    ['en-GB', 'en', 'America/New_York'],
  ])(
    'in %s at %s: the page’s language and the browser’s zone, the UTC instant kept in datetime',
    async (locale, lang, timeZone) => {
      const page = await (
        await suite.person({ locale, timezoneId: timeZone })
      ).newPage();
      await page.goto(suite.server.url('/'));
      await page.goto(suite.server.url('/course/timeout'));
      const [ends] = await timesIn(page, 'expires-at');
      expect(ends.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(ends.text).toBe(localText(ends.datetime, lang, timeZone));
      expect(ends.title).toBe(
        `${ends.datetime.replace('T', ' ').replace('Z', '')} UTC`,
      );
      // One instant, one value: "It ends at" is the panel's "Expires".
      expect(await timesIn(page, 'stored-expires')).toEqual([ends]);
      const [created] = await timesIn(page, 'created-at');
      expect(created.text).toBe(localText(created.datetime, lang, timeZone));
    },
  );

  it('the timeout demo’s end, the page’s and the panel’s are the same instant', async () => {
    const page = await (
      await suite.person({ timezoneId: 'Asia/Tokyo' })
    ).newPage();
    await page.goto(suite.server.url('/'));
    await page.goto(suite.server.url('/course/timeout'));
    await clickAndLoad(page, page.getByTestId('expire-button'));
    const [ends] = await timesIn(page, 'expires-at');
    const demo = await page
      .getByTestId('expire-demo')
      .locator('p:has(time)')
      .locator('time')
      .getAttribute('datetime');
    expect(demo).toBe(ends.datetime);
    expect((await timesIn(page, 'stored-expires'))[0].datetime).toBe(
      ends.datetime,
    );
  });

  it('without JavaScript the UTC text stays', async () => {
    const page = await (
      await suite.person({ javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' })
    ).newPage();
    await page.goto(suite.server.url('/'));
    await page.goto(suite.server.url('/course/timeout'));
    const [ends] = await timesIn(page, 'expires-at');
    expect(ends.text).toMatch(UTC_TEXT);
    expect(ends.title).toBeNull();
  });
});
