import type { Page } from 'playwright-core';
import { clickAndLoad } from './pages.js';

export const DEMO_EMAIL = 'admin@nomades.ch';
export const DEMO_PASSWORD = '1234';

/** Fills the login form on the current page and sends it, as a person does. */
export async function logIn(
  page: Page,
  { email = DEMO_EMAIL, password = DEMO_PASSWORD, remember = false } = {},
): Promise<void> {
  const main = page.locator('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(password);
  if (remember) await main.getByRole('checkbox').check();
  await clickAndLoad(page, main.getByRole('button', { name: 'Log in' }));
}

/** On the /logout page: the button of the form that keeps the session data. */
export const keepDataButton = (page: Page) =>
  page.locator('main form:has(input[name="keep"][value="1"]) button');

/** On the /logout page: the button of the form that ends the whole session. */
export const fullLogoutButton = (page: Page) =>
  page.locator('main form:not(:has(input[name="keep"])) button');

/** The message of each flash, without its category. */
export async function flashMessages(page: Page): Promise<string[]> {
  const flashes = page.locator('.flashes .flash');
  const messages: string[] = [];
  for (const flash of await flashes.all()) {
    const all = (await flash.textContent()) ?? '';
    const category =
      (await flash.locator('.flash-category').textContent()) ?? '';
    messages.push(all.replace(category, '').replace(/\s+/g, ' ').trim());
  }
  return messages;
}

export const pathOf = (page: Page): string => new URL(page.url()).pathname;
