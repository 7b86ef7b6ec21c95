import { blockingViolations } from './axe.js';
import {
  DEMO_EMAIL,
  flashMessages,
  fullLogoutButton,
  keepDataButton,
  logIn,
  pathOf,
} from './auth-pages.js';
import { browserSuite } from './harness.js';
import { clickAndLoad, countOn, reload } from './pages.js';

describe('Logging in and out in a real browser', () => {
  const suite = browserSuite();

  it('Flow 2: /secret sends a visitor to log in, and back to /secret after the login; the flash shows once', async () => {
    const person = await suite.person();
    const page = await person.newPage();
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');
    expect(await flashMessages(page)).toEqual([
      'Please log in to see this page',
    ]);
    expect(await blockingViolations(page)).toEqual([]);
    const before = (await person.cookies()).find((c) => c.name === 'sid');

    await logIn(page);
    expect(pathOf(page)).toBe('/secret');
    expect(await page.getByTestId('secret').textContent()).toBe(
      'This is a secret page',
    );
    expect(await flashMessages(page)).toEqual(['You are logged in']);
    expect(await blockingViolations(page)).toEqual([]);

    // A login gets a new session ID (no session fixation), still HttpOnly.
    const after = (await person.cookies()).find((c) => c.name === 'sid');
    expect(after).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(after?.value).not.toBe(before?.value);

    await reload(page);
    expect(pathOf(page)).toBe('/secret');
    expect(await flashMessages(page)).toEqual([]);

    await page.goto(suite.server.url('/userinfo'));
    expect(await page.getByTestId('email').textContent()).toBe(DEMO_EMAIL);
    expect(await blockingViolations(page)).toEqual([]);
    for (const path of ['/logout', '/account/sessions', '/account/password']) {
      const response = await page.goto(suite.server.url(path));
      expect([path, response?.status()]).toEqual([path, 200]);
      expect(await blockingViolations(page)).toEqual([]);
    }
  });

  it('Flow 4: logging out with "keep my data" keeps the counter; the full logout starts it again', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page);
    await page.goto(suite.server.url('/'));
    const counted = await countOn(page);
    await reload(page);
    expect(await countOn(page)).toBe(counted + 1);

    await page.goto(suite.server.url('/logout'));
    await clickAndLoad(page, keepDataButton(page));
    expect(await flashMessages(page)).toEqual(['You are logged out']);
    await page.goto(suite.server.url('/'));
    expect(await countOn(page)).toBe(counted + 2);
    // Logged out all the same.
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');

    await logIn(page);
    expect(pathOf(page)).toBe('/secret');
    await page.goto(suite.server.url('/logout'));
    await clickAndLoad(page, fullLogoutButton(page));
    expect(await flashMessages(page)).toEqual(['You are logged out']);
    await page.goto(suite.server.url('/'));
    expect(await countOn(page)).toBe(1);
    await page.goto(suite.server.url('/secret'));
    expect(pathOf(page)).toBe('/login');
  });

  it('Flow 6: a wrong password shows the error, keeps the email and empties the password', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/login'));
    await logIn(page, { password: 'not-the-password' });
    expect(pathOf(page)).toBe('/login');
    expect(await page.getByText('Invalid email or password').count()).toBe(1);
    const main = page.locator('main');
    expect(await main.getByLabel('Email').inputValue()).toBe(DEMO_EMAIL);
    expect(await main.getByLabel('Password').inputValue()).toBe('');
    expect(await blockingViolations(page)).toEqual([]);
    expect(suite.take('failedResponses')).toEqual(['401 POST /login']);

    // The re-rendered form (with its new CSRF token) works.
    await logIn(page);
    expect(pathOf(page)).not.toBe('/login');
    expect(await flashMessages(page)).toEqual(['You are logged in']);
  });

  it('registers a new account through the form, then logs in with it', async () => {
    const page = await (await suite.person()).newPage();
    await page.goto(suite.server.url('/register'));
    expect(await blockingViolations(page)).toEqual([]);
    const main = page.locator('main');
    await main.getByLabel('Email').fill('new.person@example.org');
    await main.getByLabel(/^Password \(/).fill('a long enough password');
    await main.getByLabel('Password again').fill('a long enough password');
    await clickAndLoad(
      page,
      main.getByRole('button', { name: 'Create my account' }),
    );
    // The same answer as for a taken address: registration logs nobody in.
    expect(pathOf(page)).toBe('/login');
    expect(await flashMessages(page)).toEqual([
      'Registration done: log in with this email and your password. If the address already had an account, its password has not changed.',
    ]);
    await logIn(page, {
      email: 'new.person@example.org',
      password: 'a long enough password',
    });
    await page.goto(suite.server.url('/userinfo'));
    expect(await page.getByTestId('email').textContent()).toBe(
      'new.person@example.org',
    );
  });
});
