import type { Page } from 'playwright-core';
import { blockingViolations } from './axe.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, flashesOn, reload, sessionRows } from './pages.js';

/** The section of the session page whose heading starts with `heading`. */
const section = (page: Page, heading: string) =>
  page.getByRole('region', { name: new RegExp(`^${heading}`) });

async function setKey(page: Page, key: string, value: string): Promise<void> {
  const form = section(page, 'Set a key');
  await form.getByLabel('Key').fill(key);
  await form.getByLabel('Value').fill(value);
  await clickAndLoad(page, form.getByRole('button', { name: 'Set' }));
}

async function popKey(page: Page, key: string): Promise<void> {
  const form = section(page, 'Remove a key');
  await form.getByLabel('Key').fill(key);
  await clickAndLoad(page, form.getByRole('button', { name: 'Pop' }));
}

describe('Flow 3: the session as a dictionary, through its forms', () => {
  const suite = browserSuite();

  it('sets two keys, pops one, clears all, with the right flash and table each time', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/session'));
    expect(await page.locator('h1').textContent()).toBe(
      'The session as a dictionary',
    );
    expect(
      await page.getByText('Your session holds no key of yours.').count(),
    ).toBe(1);
    expect(await blockingViolations(page)).toEqual([]);

    await setKey(page, 'colour', 'blue');
    expect(new URL(page.url()).pathname).toBe('/session');
    expect(await flashesOn(page)).toEqual(['success Stored session["colour"]']);
    expect(await sessionRows(page)).toEqual([['colour', 'blue']]);

    await setKey(page, 'size', 'large & "quoted" <b>');
    expect(await flashesOn(page)).toEqual(['success Stored session["size"]']);
    expect(await sessionRows(page)).toEqual([
      ['colour', 'blue'],
      ['size', 'large & "quoted" <b>'],
    ]);
    // The value is shown as text, never as markup.
    expect(await page.locator('table b').count()).toBe(0);
    expect(await blockingViolations(page)).toEqual([]);

    await popKey(page, 'colour');
    expect(await flashesOn(page)).toEqual([
      'info Removed session["colour"] (it was "blue")',
    ]);
    expect(await sessionRows(page)).toEqual([['size', 'large & "quoted" <b>']]);

    await popKey(page, 'colour');
    expect(await flashesOn(page)).toEqual([
      'warning There was no key "colour" in the session',
    ]);
    expect(await sessionRows(page)).toEqual([['size', 'large & "quoted" <b>']]);

    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Clear the session' }),
    );
    expect(await flashesOn(page)).toEqual(['info The session was cleared']);
    expect(await sessionRows(page)).toEqual([]);
    expect(
      await page.getByText('Your session holds no key of yours.').count(),
    ).toBe(1);

    // Each flash is shown once.
    await reload(page);
    expect(await flashesOn(page)).toEqual([]);
  });

  it('keeps an invalid key from being sent, then shows the server refusal of a reserved key with the values kept', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/session'));
    const form = section(page, 'Set a key');

    // The pattern attribute stops the browser itself: no request is made.
    await form.getByLabel('Key').fill('1st');
    await form.getByRole('button', { name: 'Set' }).click();
    expect(
      await form
        .getByLabel('Key')
        .evaluate(
          (input: { validity: { patternMismatch: boolean } }) =>
            input.validity.patternMismatch,
        ),
    ).toBe(true);
    expect(await flashesOn(page)).toEqual([]);

    // A reserved name passes the browser's check and is refused by the server.
    await setKey(page, 'flashes', 'x');
    expect(
      await page
        .getByRole('alert')
        .filter({ hasText: 'not accepted' })
        .textContent(),
    ).toContain('key "flashes" is reserved for the app itself');
    expect(await form.getByLabel('Key').inputValue()).toBe('flashes');
    expect(await form.getByLabel('Value').inputValue()).toBe('x');
    expect(await blockingViolations(page)).toEqual([]);
    // The refusal is a 400, which the problem watcher records: expected here.
    expect(suite.take('failedResponses')).toEqual(['400 POST /session']);
  });
});
