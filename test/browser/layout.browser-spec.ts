import type { BrowserContext, Page } from 'playwright-core';
import { blockingViolations } from './axe.js';
import {
  fullLogoutButton,
  keepDataButton,
  logIn,
  pathOf,
} from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad } from './pages.js';

/** Browsers of other devices, so the sessions table has rows of every kind. */
const OTHER_BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
];

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

/**
 * The words (runs of non-space characters) under `selector` that the browser
 * laid out on more than one line: a word broken in the middle, as
 * `overflow-wrap: anywhere` did ("Naviga/teur"). Lines may break between
 * words only. Runs in the page.
 */
const BROKEN_WORDS = `(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()]
            .filter((rect) => rect.width > 0)
            .map((rect) => Math.round(rect.top)),
        );
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}`;

async function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(
    `(${BROKEN_WORDS})`.concat(`(${JSON.stringify(selector)})`),
  );
}

/** How far the page is wider than the window (0: no sideways scrolling). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>(
    'document.documentElement.scrollWidth - window.innerWidth',
  );
}

/** The rows the header's items sit on, and the header's height. */
async function headerLayout(
  page: Page,
): Promise<{ rows: number; height: number }> {
  // Items of one row overlap vertically (a button is taller than a link beside it).
  return page.evaluate<{ rows: number; height: number }>(`(() => {
    const boxes = [...document.querySelectorAll('.site-header .nav-links > li')]
      .map((item) => item.getBoundingClientRect())
      .sort((a, b) => a.top - b.top);
    let rows = 0;
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom) rows += 1;
      bottom = Math.max(bottom, box.bottom);
    }
    return { rows, height: document.querySelector('.site-header').getBoundingClientRect().height };
  })()`);
}

/** Switches the page's language with the switch at the bottom of the page. */
async function switchTo(page: Page, language: 'English' | 'Français') {
  await clickAndLoad(
    page,
    page.getByTestId('language-switch').getByRole('button', { name: language }),
  );
}

describe('Page layout in both languages, at desktop and phone widths', () => {
  const suite = browserSuite();
  let me: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The demo user is logged in on other devices too.
    for (const userAgent of OTHER_BROWSERS) {
      const other = await (await suite.person({ userAgent })).newPage();
      await other.goto(suite.server.url('/login'));
      await logIn(other);
    }
  });

  beforeEach(async () => {
    me = await suite.person({ viewport: DESKTOP });
    page = await me.newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
  });

  describe.each([
    ['English', 'en'],
    ['Français', 'fr'],
  ] as const)('%s', (language, lang) => {
    beforeEach(async () => {
      await page.goto(suite.server.url('/account/sessions'));
      await switchTo(page, language);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    });

    it.each([
      ['1280', DESKTOP],
      ['375', PHONE],
    ])(
      'the sessions table at %s px: no word broken, no sideways scrolling, accessible',
      async (_width, viewport) => {
        await page.setViewportSize(viewport);
        const rows = page.getByTestId('session-row');
        expect(await rows.count()).toBeGreaterThanOrEqual(
          OTHER_BROWSERS.length + 1,
        );
        expect(await brokenWords(page, '.active-sessions')).toEqual([]);
        expect(await brokenWords(page, '.site-header')).toEqual([]);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        expect(await blockingViolations(page)).toEqual([]);
      },
    );

    it('the logged-in header is one row at 1280 px', async () => {
      await page.setViewportSize(DESKTOP);
      for (const path of ['/', '/account/sessions', '/no-such-page']) {
        await page.goto(suite.server.url(path));
        const layout = await headerLayout(page);
        expect([path, layout.rows]).toEqual([path, 1]);
        // One row of links and the logout button, with the header's padding.
        expect(layout.height).toBeLessThan(64);
      }
      suite.take('failedResponses');
    });
  });
});

describe('The language across logout, and on error pages', () => {
  const suite = browserSuite();

  it.each([
    ['the whole session ends', fullLogoutButton],
    ['the data stays', keepDataButton],
  ])(
    'French stays French after logging out (%s)',
    async (_kind, logoutButton) => {
      const page = await (await suite.person()).newPage();
      await page.goto(suite.server.url('/login'));
      await logIn(page);
      await switchTo(page, 'Français');
      await page.goto(suite.server.url('/logout'));
      await clickAndLoad(page, logoutButton(page));
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      await page.goto(suite.server.url('/'));
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    },
  );

  it('a 404 page has the switch, which shows the same page in the other language', async () => {
    const page = await (await suite.person()).newPage();
    const response = await page.goto(suite.server.url('/no-such-page'));
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await clickAndLoad(
      page,
      page
        .getByTestId('language-switch')
        .getByRole('button', { name: 'Français' }),
    );
    expect(pathOf(page)).toBe('/no-such-page');
    expect(await page.locator('h1').textContent()).toBe('Page introuvable');
    expect(await blockingViolations(page)).toEqual([]);
    // And later pages too.
    await page.goto(suite.server.url('/'));
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(suite.take('failedResponses')).toEqual([
      '404 GET /no-such-page',
      '404 GET /no-such-page',
    ]);
  });

  it('every page names its icon, which loads; /favicon.ico leads to it', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/'));
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/static/favicon.svg');
    const icon = await page.request.get(suite.server.url(href!));
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    const legacy = await page.request.get(suite.server.url('/favicon.ico'));
    expect(legacy.status()).toBe(200);
    expect(legacy.url()).toBe(suite.server.url('/static/favicon.svg'));
  });
});
