import type { Locator, Page } from 'playwright-core';

/**
 * Clicks a button that submits a form and waits until the page the server
 * answers with (after its redirect) has loaded.
 */
export async function clickAndLoad(page: Page, button: Locator): Promise<void> {
  const loaded = page.waitForEvent('load');
  await button.click();
  await loaded;
}

/** Reloads the page as the browser's reload button does (a GET, never a re-POST here). */
export async function reload(page: Page): Promise<void> {
  await page.reload({ waitUntil: 'load' });
}

/** The number the home page shows. */
export async function countOn(page: Page): Promise<number> {
  const text = await page.getByTestId('count').textContent();
  return Number(text);
}

/** The flash messages on the page, as a person reads them (category, then message). */
export async function flashesOn(page: Page): Promise<string[]> {
  const texts = await page.locator('.flashes .flash').allTextContents();
  return texts.map((text) => text.replace(/\s+/g, ' ').trim());
}

/** The rows of the session page's table of the visitor's keys as [key, value] pairs. */
export async function sessionRows(page: Page): Promise<string[][]> {
  const rows = page.locator('table.session-table:not(.app-keys) tbody tr');
  const result: string[][] = [];
  for (const row of await rows.all()) {
    result.push(
      (await row.locator('td').allTextContents()).map((cell) => cell.trim()),
    );
  }
  return result;
}
