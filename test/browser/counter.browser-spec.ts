import { blockingViolations } from './axe.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, flashesOn, reload } from './pages.js';

describe('Flow 1: the counter in a real browser', () => {
  const suite = browserSuite();

  it('counts 1, then 2 on reload; another person starts at 1', async () => {
    const alice = await suite.person();
    const page = await alice.newPage();
    await page.goto(suite.server.url('/'));
    expect(await page.title()).toBe('The counter example · nest-sessions');
    expect(await page.locator('h1').textContent()).toBe('The counter example');
    expect(await page.locator('.counter-value').textContent()).toBe('Count: 1');
    expect(await blockingViolations(page)).toEqual([]);

    await reload(page);
    expect(await countOn(page)).toBe(2);

    const bob = await suite.person();
    const bobPage = await bob.newPage();
    await bobPage.goto(suite.server.url('/'));
    expect(await countOn(bobPage)).toBe(1);

    // Alice's count went on regardless of Bob's visit.
    await reload(page);
    expect(await countOn(page)).toBe(3);

    // The browser holds only the signed session ID, HttpOnly and SameSite=Lax.
    const sid = (await alice.cookies()).find((cookie) => cookie.name === 'sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(decodeURIComponent(sid!.value)).toMatch(/^s:[\w-]+\.[\w+/=-]+$/);
  });

  it('two tabs of one person share the counter', async () => {
    const carol = await suite.person();
    const first = await carol.newPage();
    await first.goto(suite.server.url('/'));
    const second = await carol.newPage();
    await second.goto(suite.server.url('/'));
    expect([await countOn(first), await countOn(second)]).toEqual([1, 2]);
  });

  it('the reset button (a CSRF-protected form) starts the count again, with a flash shown once', async () => {
    const dave = await suite.person();
    const page = await dave.newPage();
    await page.goto(suite.server.url('/'));
    await reload(page);
    expect(await countOn(page)).toBe(2);

    await clickAndLoad(
      page,
      page.getByRole('button', { name: 'Reset the counter' }),
    );
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await flashesOn(page)).toEqual(['info Counter reset']);
    expect(await countOn(page)).toBe(1);
    expect(await blockingViolations(page)).toEqual([]);

    await reload(page);
    expect(await flashesOn(page)).toEqual([]);
    expect(await countOn(page)).toBe(2);
  });
});
