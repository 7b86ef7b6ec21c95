import type { Locator, Page } from 'playwright-core';
import { readSnippet, type SnippetId } from '../../src/course/code-snippets.js';
import { FLASK_CODE, type FlaskCodeId } from '../../src/course/flask-code.js';
import { CONCEPT_PAGES } from '../utils/course-pages.js';
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  keepDataButton,
  logIn,
  pathOf,
} from './auth-pages.js';
import { blockingViolations } from './axe.js';
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

/** The text of a code block as the page shows it. */
async function codeIn(figure: Locator): Promise<string> {
  expect(await figure.isVisible()).toBe(true);
  return (await figure.locator('pre code').textContent()) ?? '';
}

/**
 * The course's Flask and this app's code in `where` (a page, or the section
 * of a page that holds several concepts), as their sources hold them now.
 */
async function expectCode(
  where: Page | Locator,
  flask: FlaskCodeId[],
  nest: SnippetId[],
): Promise<void> {
  for (const id of flask)
    expect([
      id,
      await codeIn(where.locator(`figure[data-flask="${id}"]`)),
    ]).toEqual([id, FLASK_CODE[id].text]);
  for (const id of nest)
    expect([
      id,
      await codeIn(where.locator(`figure[data-snippet="${id}"]`)),
    ]).toEqual([id, readSnippet(id).text]);
}

/**
 * What a person does on each concept's page to see it work, and what they
 * then see, in the order of the home page's list: the course's Flask and
 * this app's code first, then the result. Only what the page shows is used:
 * its links, labels and buttons, prefilled values included.
 */
const CONCEPTS: {
  link: string;
  /** The section that holds the concept, on a page of several; the page otherwise. */
  section?: string;
  flask: FlaskCodeId[];
  nest: SnippetId[];
  watch: (page: Page, other: () => Promise<Page>) => Promise<void>;
}[] = [
  {
    link: 'What a session is',
    flask: ['configuration'],
    nest: ['session.module', 'session.middleware'],
    async watch(page) {
      // The home page counted the visit: a cookie here, a document there.
      expect(await textOf(page, 'cookie-shape')).toMatch(/^sid=s:\S+…\.\S+…$/);
      expect(await textOf(page, 'server-side')).toMatch(
        /^The server found your session with it: document \S+…, 2 keys \(the panel below shows it all\)\.$/,
      );
    },
  },
  {
    link: 'Storing data: session[key] = value',
    section: 'Set a key',
    flask: ['storing'],
    nest: ['dictionary.setKey', 'dictionary.set'],
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
    section: 'Read one key',
    flask: ['reading'],
    nest: ['dictionary.read'],
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
    section: 'Remove a key',
    flask: ['removing'],
    nest: ['dictionary.pop'],
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
    flask: ['counter'],
    nest: ['counter.index', 'counter.increment'],
    async watch(page) {
      const count = await countOn(page);
      await reload(page);
      expect(await countOn(page)).toBe(count + 1);
    },
  },
  {
    link: 'Login',
    flask: ['login'],
    nest: ['auth.authenticate', 'auth.logIn', 'auth.afterLogin'],
    async watch(page) {
      // The login page names the demo account; logIn types it.
      expect(await page.getByTestId('demo-account').isVisible()).toBe(true);
      expect(await textOf(page, 'login-result')).toMatch(
        /Your session now: record \S+…, not logged in/,
      );
      await logIn(page);
      expect(pathOf(page)).toBe('/userinfo');
      expect(await flashesOn(page)).toEqual(['success You are logged in']);
      // Where the login leads, what it did: a new ID, loggedin set.
      expect(await textOf(page, 'form-outcome')).toMatch(
        /a new session ID: the record \S+… was deleted, yours is now \S+….*loggedin is now true.*your other keys came along: count/,
      );
    },
  },
  {
    link: 'A protected page',
    flask: ['protected'],
    nest: ['auth.guard', 'auth.appGuard', 'auth.public', 'account.secret'],
    async watch(page, other) {
      expect(await textOf(page, 'secret')).toBe('This is a secret page');
      expect(await textOf(page, 'protected-result')).toContain(
        'AuthenticatedGuard ran before secret()',
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
    flask: ['logout.keep', 'logout.clear'],
    nest: ['auth.logout', 'auth.logOut'],
    async watch(page) {
      expect(await textOf(page, 'keep-would-keep')).toBe(
        'It keeps your keys: count',
      );
      await clickAndLoad(page, keepDataButton(page));
      expect(pathOf(page)).toBe('/login');
      expect(await flashesOn(page)).toEqual(['info You are logged out']);
      // The page it leads to says which way, and what went and stayed.
      expect(
        await page.getByTestId('form-outcome').getAttribute('data-kind'),
      ).toBe('logout-keep');
      expect(await textOf(page, 'outcome-dropped')).toBe('Removed: user');
      expect(await textOf(page, 'outcome-kept')).toBe('Kept: count');
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
    flask: ['templates'],
    nest: ['templates.view', 'templates.locals'],
    async watch(page) {
      const output = page.getByTestId('template-output');
      expect(
        await output.getByRole('link', { name: 'Log in' }).isVisible(),
      ).toBe(true);
    },
  },
  {
    link: 'Session timeout',
    flask: ['timeout'],
    nest: [
      'timeout.expiry',
      'timeout.permanent',
      'timeout.demo',
      'auth.freshLogin',
      'account.revokeOthers',
    ],
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
    flask: ['redirect'],
    nest: ['redirect.handler'],
    async watch(page) {
      await clickAndLoad(
        page,
        page.getByRole('link', { name: 'Follow a redirect to this page' }),
      );
      expect(new URL(page.url()).search).toBe('?redirected=1');
      expect(await textOf(page, 'redirected')).toContain('303 redirect');
      // The next page it names is a link away.
      expect(
        await page
          .getByRole('main')
          .getByRole('link', { name: 'the next page' })
          .getAttribute('href'),
      ).toBe('/course/url-for');
    },
  },
  {
    link: 'url_for()',
    flask: ['urlFor', 'urlFor.template'],
    nest: ['urlFor.service', 'urlFor.helper', 'urlFor.view'],
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
    flask: ['flash'],
    nest: ['flash.flash', 'flash.handler'],
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
    flask: ['getFlashedMessages'],
    nest: ['flashes.view', 'flashes.read', 'flashes.locals'],
    async watch(page) {
      // Opened directly: nothing was waiting, and the page says so.
      expect(await textOf(page, 'flashed-returned')).toContain(
        'returned nothing',
      );
      await clickAndLoad(
        page,
        page.getByRole('button', {
          name: 'Flash one message per category and come back',
        }),
      );
      expect(pathOf(page)).toBe('/course/flash/messages');
      expect(await flashesOn(page)).toEqual([
        'success Message 1 of 4, flashed with the category "success"',
        'info Message 2 of 4, flashed with the category "info"',
        'warning Message 3 of 4, flashed with the category "warning"',
        'error Message 4 of 4, flashed with the category "error"',
      ]);
      expect(await textOf(page, 'flashed-returned')).toContain(
        'returned 4 messages',
      );
      // The partial renders what its code says: a <p class="flash …"> each.
      expect(await page.locator('.flashes > p.flash').count()).toBe(4);
      await reload(page);
      expect(await flashesOn(page)).toEqual([]);
    },
  },
  {
    link: 'Cookie versus session',
    flask: ['cookieVsSession'],
    nest: ['cookie.attributes', 'session.middleware', 'cookie.document'],
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
        await expectCode(
          concept.section ? region(page, concept.section) : page,
          concept.flask,
          concept.nest,
        );
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

describe('The course in French, step by step through its next links', () => {
  const suite = browserSuite();

  it('goes from step 1 to step 15, each page with its step, its code and its result', async () => {
    const page = await (await suite.person({ locale: 'fr-FR' })).newPage();
    // Logged in, so that the protected page is on the way.
    await page.goto(suite.server.url('/login'));
    const form = page.locator('main form[action="/login"]');
    await form.locator('input[name="email"]').fill(DEMO_EMAIL);
    await form.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await clickAndLoad(
      page,
      form.getByRole('button', { name: 'Se connecter' }),
    );
    await page.goto(suite.server.url('/'));
    await clickAndLoad(
      page,
      page.getByTestId('concepts').getByRole('link').first(),
    );

    const visited: string[] = [];
    for (;;) {
      const path = pathOf(page);
      visited.push(path);
      const expected = CONCEPT_PAGES.find((concept) => concept.path === path);
      expect(expected).toBeDefined();
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await textOf(page, 'step-count')).toBe(
        expected!.step
          .replace(/^Steps (\d+) to (\d+) of/, 'Étapes $1 à $2 sur')
          .replace(/^Step (\d+) of/, 'Étape $1 sur'),
      );
      expect(
        await page
          .locator('figure.code-flask figcaption')
          .first()
          .textContent(),
      ).toMatch(/^(Flask, tel que le cours l’écrit|La liste du cours)/);
      await expectCode(page, expected!.flask, expected!.nest);
      expect(await page.getByTestId(expected!.live).isVisible()).toBe(true);
      expect(await blockingViolations(page)).toEqual([]);
      const next = page.locator('a[rel="next"]');
      if ((await next.count()) === 0) break;
      expect(await next.textContent()).toMatch(/^Suivante :/);
      if (
        new URL((await next.getAttribute('href'))!, page.url()).pathname ===
        path
      )
        await next.click();
      else await clickAndLoad(page, next);
    }
    expect(visited).toEqual(CONCEPT_PAGES.map(({ path }) => path));
  }, 120_000);
});
