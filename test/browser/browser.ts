import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that keep Chromium quiet and local: no sandbox (containers run as
 * root), no GPU, and none of the background traffic a desktop browser makes
 * (updates, sync, field trials, QUIC probes). The host-resolver rule makes any
 * name other than localhost unresolvable, so no page, and no part of the
 * browser itself, can reach a machine other than this one.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/**
 * Starts a headless Chromium. `launch` gives it a fresh, throw-away user-data
 * folder (removed on close), and every `newContext` is a separate incognito
 * profile: its own cookies, like another person on another computer.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` ` +
        '(or set CHROMIUM_PATH). The browser tests never download a browser.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * What went wrong in the pages of a context, for the tests to assert as empty:
 * console errors (a CSP refusal shows up there), uncaught page errors,
 * responses of 400 or more, and requests to any origin other than the app's.
 */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedResponses: string[];
  foreignRequests: string[];
}

export const NO_PROBLEMS: PageProblems = {
  consoleErrors: [],
  pageErrors: [],
  failedResponses: [],
  foreignRequests: [],
};

/** A new context (a new person) whose problems are recorded. */
export async function newPerson(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: 1000, height: 800 },
    ...options,
  });
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedResponses: [],
    foreignRequests: [],
  };
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      // Failed loads are reported with their URL by the response listener.
      if (
        message.type() === 'error' &&
        !message.text().startsWith('Failed to load resource')
      )
        problems.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  };
  context.on('page', watch);
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:'))
      problems.foreignRequests.push(url);
  });
  context.on('response', (response) => {
    const url = new URL(response.url());
    // Icons included: the pages name /static/favicon.svg, and /favicon.ico leads there.
    if (response.status() >= 400)
      problems.failedResponses.push(
        `${response.status()} ${response.request().method()} ${url.pathname}`,
      );
  });
  return { context, problems };
}
