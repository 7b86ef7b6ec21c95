import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
} from 'playwright-core';
import { dropDatabase } from '../utils/test-app.js';
import {
  restartAppServer,
  startAppServer,
  type AppServer,
  type AppServerOptions,
} from './app-server.js';
import {
  launchBrowser,
  newPerson,
  NO_PROBLEMS,
  type PageProblems,
} from './browser.js';

export interface BrowserSuite {
  readonly server: AppServer;
  readonly browser: Browser;
  /** A new person: a fresh browser context whose page problems fail the test. */
  person(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Takes (and forgets) the problems of one kind seen so far, for a test that expects some. */
  take(kind: keyof PageProblems): string[];
  /** Closes the app and starts it again on the same database and port. */
  restart(): Promise<void>;
}

/**
 * Registers the hooks of a browser test file: one app server and one Chromium
 * for the file; after each test, no console error, page error, failed
 * response or request off the app's origin in any page.
 */
export function browserSuite(options: AppServerOptions = {}): BrowserSuite {
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  const seen: PageProblems[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startAppServer(options);
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    for (const problems of seen.splice(0))
      expect(problems).toEqual(NO_PROBLEMS);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) await dropDatabase(server.databaseUri);
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start`);
    return value;
  };

  return {
    get server() {
      return need(server, 'the app server');
    },
    get browser() {
      return need(browser, 'Chromium');
    },
    async person(contextOptions) {
      const made = await newPerson(
        need(browser, 'Chromium'),
        need(server, 'the app server').origin,
        contextOptions,
      );
      seen.push(made.problems);
      contexts.push(made.context);
      return made.context;
    },
    take(kind) {
      return seen.flatMap((problems) => problems[kind].splice(0));
    },
    async restart() {
      server = await restartAppServer(need(server, 'the app server'), options);
    },
  };
}
