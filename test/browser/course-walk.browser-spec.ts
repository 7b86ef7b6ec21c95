import type { Page } from 'playwright-core';
import { keepDataButton, logIn, pathOf } from './auth-pages.js';
import { browserSuite } from './harness.js';
import {
  clickAndLoad,
  countOn,
  flashesOn,
  reload,
  sessionRows,
} from './pages.js';

/** No concept may take longer than this to watch, from its link on the home page. */
const LIMIT_MS = 60_000;

/** The region of a page whose heading starts with `heading`. */
const region = (page: Page, heading: string) =>
  page.getByRole('region', { name: new RegExp(`^${heading}`) });

/** The visible text of an element, spaces folded. */
async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a person does on each concept's page to see it work, and what they
 * then see, in the order of the home page's list. Only what the page shows
 * is used: its links, labels and buttons, prefilled values included.
 */
const CONCEPTS: {
  link: string;
  watch: (page: Page, other: () => Promise<Page>) => Promise<void>;
}[] = [
  {
    link: 'What a session is',
    async watch(page) {
      // The home page counted the visit: a cookie here, a document there.
      expect(await textOf(page, 'cookie-shape')).toMatch(/^sid=s:\S+…\.\S+…$/);
      expect(await textOf(page, 'server-side')).toContain(
        'A document in MongoDB with',
      );
    },
  },
  {
    link: 'Storing data: session[key] = value',
    async watch(page) {
      const form = region(page, 'Set a key');
      await form.getByLabel('Key').fill('colour');
      await form.getByLabel('Value').fill('blue');
      await clickAndLoad(page, form.getByRole('button', { name: 'Set' }));
      expect(await flashesOn(page)).toEqual([
        'success Stored session["colour"]',
      ]);
      expect(await sessionRows(page)).toContainEqual(['colour', 'blue']);
      expect(await textOf(page, 'stored-form-changed')).toContain('colour');
    },
  },
  {
    link: 'Reading data: session.get(key, default)',
    async watch(page) {
      const form = region(page, 'Read one key');
      // The form holds the course's example: session.get('colour', 'none').
      await clickAndLoad(page, form.getByRole('button', { name: 'Read' }));
      expect(await textOf(page, 'read-answer')).toBe(
        `session.get('colour', 'none') → "blue" (found in your session)`,
      );
      await form.getByLabel('Key').fill('size');
      await clickAndLoad(page, form.getByRole('button', { name: 'Read' }));
      expect(await textOf(page, 'read-answer')).toBe(
        `session.get('size', 'none') → "none" (not in your session: the default)`,
      );
    },
  },
  {
    link: 'Removing data: session.pop(key)',
    async watch(page) {
      const form = region(page, 'Remove a key');
      await form.getByLabel('Key').fill('colour');
      await clickAndLoad(page, form.getByRole('button', { name: 'Pop' }));
      expect(await flashesOn(page)).toEqual([
        'info Removed session["colour"] (it was "blue")',
      ]);
      expect(await sessionRows(page)).not.toContainEqual(['colour', 'blue']);
    },
  },
  {
    link: 'The counter example',
    async watch(page) {
      const count = await countOn(page);
      await reload(page);
      expect(await countOn(page)).toBe(count + 1);
    },
  },
  {
    link: 'Login',
    async watch(page) {
      // The login page names the demo account; logIn types it.
      expect(await page.getByTestId('demo-account').isVisible()).toBe(true);
      await logIn(page);
      expect(pathOf(page)).toBe('/userinfo');
      expect(await flashesOn(page)).toEqual(['success You are logged in']);
    },
  },
  {
    link: 'A protected page',
    async watch(page, other) {
      expect(await page.getByText('This is a secret page').isVisible()).toBe(
        true,
      );
      // Someone who is not logged in is sent to the login page.
      const stranger = await other();
      await stranger.goto(page.url());
      expect(pathOf(stranger)).toBe('/login');
      expect(await flashesOn(stranger)).toEqual([
        'warning Please log in to see this page',
      ]);
    },
  },
  {
    link: 'Logout, both ways',
    async watch(page) {
      await clickAndLoad(page, keepDataButton(page));
      expect(pathOf(page)).toBe('/login');
      expect(await flashesOn(page)).toEqual(['info You are logged out']);
      expect(
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Log in' })
          .isVisible(),
      ).toBe(true);
    },
  },
  {
    link: 'The session in templates',
    async watch(page) {
      const output = page.getByTestId('template-output');
      expect(
        await output.getByRole('link', { name: 'Log in' }).isVisible(),
      ).toBe(true);
    },
  },
  {
    link: 'Session timeout',
    async watch(page) {
      await clickAndLoad(
        page,
        page.getByRole('button', {
          name: 'Let my session expire in 20 seconds',
        }),
      );
      expect(
        await page.getByText(/^Your session ends in \d+ s\.$/).isVisible(),
      ).toBe(true);
      // The real 20 seconds: the countdown says when they are over.
      const back = page.getByRole('link', { name: 'Come back to this page' });
      await back.waitFor({ state: 'visible', timeout: 25_000 });
      await clickAndLoad(page, back);
      expect(await flashesOn(page)).toEqual([
        'warning Your session has expired',
      ]);
      expect(
        await page
          .getByText(
            'Your session holds nothing now: no data of yours is stored.',
          )
          .isVisible(),
      ).toBe(true);
    },
  },
  {
    link: 'redirect()',
    async watch(page) {
      await clickAndLoad(
        page,
        page.getByRole('link', { name: 'Follow a redirect to this page' }),
      );
      expect(new URL(page.url()).search).toBe('?redirected=1');
      expect(await textOf(page, 'redirected')).toContain('303 redirect');
    },
  },
  {
    link: 'url_for()',
    async watch(page) {
      const form = region(page, 'Build a URL');
      // Prefilled: revokeSession with ref=abc.
      await clickAndLoad(
        page,
        form.getByRole('button', { name: 'Build the URL' }),
      );
      expect(await textOf(page, 'url-for-result')).toBe(
        "url_for('revokeSession', ref='abc') → /account/sessions/abc/revoke",
      );
      await form.getByLabel('Name', { exact: true }).fill('nowhere');
      await clickAndLoad(
        page,
        form.getByRole('button', { name: 'Build the URL' }),
      );
      expect(await textOf(page, 'url-for-error-text')).toBe(
        'url_for: no route is named "nowhere"',
      );
    },
  },
  {
    link: 'flash()',
    async watch(page) {
      await clickAndLoad(
        page,
        page.getByRole('button', { name: 'Flash these messages' }),
      );
      expect(await flashesOn(page)).toEqual([
        'success Message 1 of 4, flashed with the category "success"',
        'info Message 2 of 4, flashed with the category "info"',
        'warning Message 3 of 4, flashed with the category "warning"',
        'error Message 4 of 4, flashed with the category "error"',
      ]);
    },
  },
  {
    link: 'get_flashed_messages()',
    async watch(page) {
      await clickAndLoad(
        page,
        page.getByRole('link', { name: 'Flash another message' }),
      );
      await clickAndLoad(
        page,
        page.getByRole('button', {
          name: 'Flash a message and go to the next page',
        }),
      );
      expect(await flashesOn(page)).toEqual([
        'success This message waited in your session',
      ]);
      await reload(page);
      expect(await flashesOn(page)).toEqual([]);
    },
  },
  {
    link: 'Cookie versus session',
    async watch(page) {
      expect(await textOf(page, 'cookie-bytes')).toMatch(/^\d+ bytes$/);
      expect(await textOf(page, 'document-bytes')).toMatch(/^\d+ bytes$/);
      expect(await textOf(page, 'claim-shared')).toContain(
        'A cookie is not shared between users',
      );
    },
  },
];

describe('The course from the home page, with a stopwatch', () => {
  const suite = browserSuite();

  it(
    `shows each of the ${CONCEPTS.length} concepts working within ${LIMIT_MS / 1000} s of its link`,
    async () => {
      const page = await (await suite.person()).newPage();
      const other = async () => (await suite.person()).newPage();
      await page.goto(suite.server.url('/'));
      const links = page.getByTestId('concepts').getByRole('link');
      expect(await links.allTextContents()).toEqual(
        CONCEPTS.map(({ link }) => link),
      );

      const times: { concept: string; seconds: number }[] = [];
      for (const [index, concept] of CONCEPTS.entries()) {
        await page.goto(suite.server.url('/'));
        const started = performance.now();
        const link = links.nth(index);
        const target = new URL(
          (await link.getAttribute('href')) ?? '',
          page.url(),
        );
        // The counter is on the home page itself: its link only scrolls.
        if (target.pathname === pathOf(page)) await link.click();
        else await clickAndLoad(page, link);
        await concept.watch(page, other);
        const seconds = (performance.now() - started) / 1000;
        times.push({
          concept: concept.link,
          seconds: Math.round(seconds * 100) / 100,
        });
      }

      console.log(
        `Time from each concept's link on the home page to its effect seen:\n${times
          .map(
            ({ concept, seconds }) =>
              `  ${seconds.toFixed(2).padStart(6)} s  ${concept}`,
          )
          .join('\n')}`,
      );
      for (const { concept, seconds } of times)
        expect({ concept, withinLimit: seconds * 1000 < LIMIT_MS }).toEqual({
          concept,
          withinLimit: true,
        });
    },
    CONCEPTS.length * LIMIT_MS,
  );
});
