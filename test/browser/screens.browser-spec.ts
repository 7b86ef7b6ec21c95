import type { Page } from 'playwright-core';
import { DEMO_EMAIL, DEMO_PASSWORD } from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad } from './pages.js';

/** The phone widths every page must fit: the smallest phones in use, and the most common. */
const PHONE_WIDTHS = [320, 375];
const DESKTOP = { width: 1280, height: 800 };

const LANGUAGES = [
  ['English', 'en-GB'],
  ['French', 'fr-FR'],
] as const;

/** Logs the demo user in through the form, whatever the page's language. */
async function logIn(page: Page): Promise<void> {
  const form = page.locator('main form[action="/login"]');
  await form.locator('input[name="email"]').fill(DEMO_EMAIL);
  await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await clickAndLoad(page, form.locator('button[type="submit"]'));
}

/**
 * The pages reachable from the home page by following links: same site,
 * GET only (forms are not sent), each path and query once, fragments
 * ignored. Visited in the order found, at the page's current width; the
 * paths of the pages visited, redirects followed.
 */
async function crawl(
  page: Page,
  origin: string,
  visit: (path: string) => Promise<void>,
): Promise<string[]> {
  const visited: string[] = [];
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    await page.goto(new URL(path, origin).toString());
    // A link that redirects (/course/redirect/go) counts as the page it lands on.
    const landed = new URL(page.url());
    const here = landed.pathname + landed.search;
    if (landed.origin === origin && here !== path) {
      if (seen.has(here)) continue;
      seen.add(here);
    }
    visited.push(here);
    await visit(here);
    const hrefs = await page.evaluate<string[]>(
      `[...document.querySelectorAll('a[href]')].map((a) => a.href)`,
    );
    for (const href of hrefs) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      const next = url.pathname + url.search;
      if (url.pathname.startsWith('/static/') || seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return visited;
}

/** How far the page is wider than the window: 0 when it does not scroll sideways. */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate<number>(
    'Math.max(0, document.documentElement.scrollWidth - window.innerWidth)',
  );
}

/**
 * The occurrences of `word` that the browser laid out on more than one line,
 * with the element they are in ("code: logge/din"). Runs in the page.
 */
async function splitOccurrences(page: Page, word: string): Promise<string[]> {
  return page.evaluate<string[]>(`((word) => {
    const split = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let at = node.textContent.indexOf(word); at >= 0; at = node.textContent.indexOf(word, at + 1)) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + word.length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(node.parentElement.tagName.toLowerCase() + ': ' + node.textContent.trim().slice(0, 60));
      }
    }
    return split;
  })(${JSON.stringify(word)})`);
}

describe('Every page reachable from the home page, on any screen', () => {
  const suite = browserSuite();

  describe.each(LANGUAGES)('%s', (_language, locale) => {
    it.each([
      ['anonymous', false],
      ['logged in as the demo user', true],
    ])(
      `%s: no page scrolls sideways at ${PHONE_WIDTHS.join(' or ')} px`,
      async (_who, loggedIn) => {
        const page = await (
          await suite.person({
            locale,
            viewport: { width: PHONE_WIDTHS[0], height: 700 },
          })
        ).newPage();
        if (loggedIn) {
          await page.goto(suite.server.url('/login'));
          await logIn(page);
        }
        const overflowing: string[] = [];
        let views = 0;
        const pages = await crawl(page, suite.server.origin, async (path) => {
          for (const width of PHONE_WIDTHS) {
            await page.setViewportSize({ width, height: 700 });
            views += 1;
            const extra = await sidewaysScroll(page);
            if (extra > 0)
              overflowing.push(
                `${path} at ${width} px: ${width + extra} px wide`,
              );
          }
          await page.setViewportSize({ width: PHONE_WIDTHS[0], height: 700 });
        });
        console.log(
          `${locale}, ${loggedIn ? 'logged in' : 'anonymous'}: ${pages.length} pages, ${views} page views, ${overflowing.length} wider than the window${overflowing.length ? `:\n  ${overflowing.join('\n  ')}` : ''}`,
        );
        // Logged in, the crawl reaches the account pages too.
        expect(pages.length).toBeGreaterThanOrEqual(loggedIn ? 15 : 12);
        expect(overflowing).toEqual([]);
      },
      240_000,
    );
  });

  it('at 1280 px no page splits the word loggedin', async () => {
    const page = await (await suite.person({ viewport: DESKTOP })).newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    const split: string[] = [];
    await crawl(page, suite.server.origin, async (path) => {
      for (const where of await splitOccurrences(page, 'loggedin'))
        split.push(`${path}: ${where}`);
    });
    expect(split).toEqual([]);
  }, 240_000);
});
