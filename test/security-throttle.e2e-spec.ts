import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { SessionService } from '@nest-sessions/session';
import { UsersService } from '../src/users/users.service.js';
import { cookiePair } from './utils/cookies.js';
import { csrfAgent, csrfPass, postForm, postWith } from './utils/forms.js';
import { flashesOn, sidOf } from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import { useTestApp, type TestApp } from './utils/test-app.js';

const formError = (html: string): string | undefined =>
  /data-testid="form-error">([^<]*)</.exec(html)?.[1];

/** An account made through the app's own service (registration has limits of its own). */
async function account(t: TestApp, email: string) {
  const password = `${email.split('@')[0]} has a strong password`;
  await t.app.get(UsersService).create(email, password);
  return { email, password };
}

/** A login attempt from a browser without a cookie jar, behind the trusted proxy at `ip`. */
async function loginFrom(
  t: TestApp,
  ip: string,
  fields: { email: string; password: string },
  cookie?: string,
): Promise<Response> {
  const pass = await csrfPass(request(t.server), '/login', cookie);
  return postWith(request(t.server), '/login', pass)
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ ...fields, _csrf: pass.token });
}

/**
 * Lockout as denial of service (issue 17, point 10): failures are counted
 * per account and client (the address, or a browser the account logged in
 * from before), with a higher ceiling per account for clients it does not
 * know and one per address; a browser the owner logged in from keeps its
 * own allowance whatever others do.
 */
describe('Login throttling slows attackers without locking the owner out', () => {
  const t = useTestApp({
    env: {
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES_PER_CLIENT: '5',
      LOGIN_MAX_FAILURES_PER_EMAIL: '8',
      LOGIN_MAX_FAILURES_PER_IP: '10',
    },
  });

  it('an attacker on one address is held after 5 failures; the owner elsewhere logs in', async () => {
    const owner = await account(t, 'pair-owner@example.com');
    const wrong = { email: owner.email, password: 'a wrong guess' };
    for (let i = 1; i <= 5; i++) {
      const res = await loginFrom(t, '198.51.100.1', wrong);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const held = await loginFrom(t, '198.51.100.1', wrong);
    expect(held.status).toBe(429);
    expect(formError(held.text)).toMatch(/^Too many failed login attempts/);
    // Held even with the right password: the guesser learns nothing more there.
    expect((await loginFrom(t, '198.51.100.1', owner)).status).toBe(429);
    // The owner, on their own address, is not.
    expect((await loginFrom(t, '203.0.113.5', owner)).status).toBe(303);
  });

  it('past the ceiling for unknown clients, a browser the owner logged in from still gets in', async () => {
    const owner = await account(t, 'ceiling-owner@example.com');
    const before = await loginFrom(t, '203.0.113.7', owner);
    expect(before.status).toBe(303);
    const device = cookiePair(before, 'device');
    expect(device).toBeDefined();

    // Eight failures from two addresses: the account's ceiling for unknown clients.
    const wrong = { email: owner.email, password: 'a wrong guess' };
    for (const ip of ['198.51.100.10', '198.51.100.11'])
      for (let i = 1; i <= 4; i++)
        expect((await loginFrom(t, ip, wrong)).status).toBe(401);
    // A third address is held at once, even with the right password…
    expect((await loginFrom(t, '198.51.100.12', owner)).status).toBe(429);
    // …the owner's browser is not, wherever it is.
    expect((await loginFrom(t, '198.51.100.12', owner, device)).status).toBe(
      303,
    );
  });

  it('an address over its limit holds unknown clients only: a colleague behind it who logged in before gets in', async () => {
    const colleague = await account(t, 'nat-colleague@example.com');
    const office = '192.0.2.50';
    const first = await loginFrom(t, office, colleague);
    expect(first.status).toBe(303);
    const device = cookiePair(first, 'device')!;

    for (let i = 1; i <= 10; i++) {
      const res = await loginFrom(t, office, {
        email: `nat-guess-${i}@example.com`,
        password: 'a wrong guess',
      });
      expect([i, res.status]).toEqual([i, 401]);
    }
    const guess = { email: 'nat-guess-11@example.com', password: 'x-guess' };
    expect((await loginFrom(t, office, guess)).status).toBe(429);
    expect((await loginFrom(t, office, colleague)).status).toBe(429);
    expect((await loginFrom(t, office, colleague, device)).status).toBe(303);
  });

  it("a known browser has an allowance of its own, and a forged or another account's device cookie is no key", async () => {
    const owner = await account(t, 'device-owner@example.com');
    const other = await account(t, 'device-other@example.com');
    const device = cookiePair(
      await loginFrom(t, '203.0.113.20', owner),
      'device',
    )!;
    const otherDevice = cookiePair(
      await loginFrom(t, '203.0.113.21', other),
      'device',
    )!;
    const wrong = { email: owner.email, password: 'a wrong guess' };
    for (let i = 1; i <= 5; i++)
      expect((await loginFrom(t, '203.0.113.20', wrong, device)).status).toBe(
        401,
      );
    expect((await loginFrom(t, '203.0.113.20', owner, device)).status).toBe(
      429,
    );

    // Another account's cookie, and a tampered one, count as an unknown client.
    const third = await account(t, 'device-third@example.com');
    const guess = { email: third.email, password: 'a wrong guess' };
    const tampered = device.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (let i = 1; i <= 5; i++)
      expect(
        (
          await loginFrom(
            t,
            '203.0.113.22',
            guess,
            i % 2 ? otherDevice : tampered,
          )
        ).status,
      ).toBe(401);
    expect(
      (await loginFrom(t, '203.0.113.22', third, otherDevice)).status,
    ).toBe(429);
  });
});

/**
 * /account/password as a password oracle (issue 17, point 1): wrong current
 * passwords count in the login throttle, and after the last allowed one the
 * session ends with a message saying why.
 */
describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'A password change with wrong current passwords (%s)',
  (_name, store) => {
    const WINDOW_SECONDS = 900;
    const t = useTestApp({
      store,
      env: {
        LOGIN_MAX_FAILURES_PER_CLIENT: '5',
        LOGIN_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      },
    });

    async function loggedIn(email: string): Promise<{
      agent: TestAgent;
      who: { email: string; password: string };
      sid: string;
    }> {
      const who = await account(t, email);
      const agent = await csrfAgent(t.server);
      const login = await postForm(agent, '/login', who).expect(303);
      return { agent, who, sid: sidOf(login) };
    }

    const change = (agent: TestAgent, currentPassword: string) =>
      postForm(agent, '/account/password', {
        currentPassword,
        newPassword: 'a brand new strong passphrase',
        confirmPassword: 'a brand new strong passphrase',
      });

    it('ends the session at the 5th wrong guess, says why, and the login is held too', async () => {
      const { agent, who, sid } = await loggedIn('oracle@example.com');
      for (let i = 1; i <= 4; i++) {
        const res = await change(agent, `guess number ${i}`);
        expect([i, res.status]).toEqual([i, 400]);
        expect(res.text).toContain('the current password is wrong');
      }
      const ended = await change(agent, 'guess number 5');
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/login');
      const sessions = t.app.get(SessionService).store;
      expect(await sessions.read(sid)).toBeNull();
      const page = await agent.get('/login').expect(200);
      expect(flashesOn(page.text)).toContainEqual({
        category: 'warning',
        text: 'The current password was wrong too many times, so you were logged out.',
      });
      expect((await agent.get('/secret')).status).toBe(303);

      // The same throttle as logins: the right password waits for the window.
      expect((await postForm(agent, '/login', who)).status).toBe(429);
      t.clock.advance(WINDOW_SECONDS * 1000);
      expect((await postForm(agent, '/login', who)).status).toBe(303);
    });

    it('counts login failures and password-change failures together', async () => {
      const { agent, who } = await loggedIn('mixed@example.com');
      // Wrong logins from the same browser (the login form is open to it)…
      for (let i = 1; i <= 3; i++)
        expect(
          (
            await postForm(agent, '/login', {
              email: who.email,
              password: `login guess ${i}`,
            })
          ).status,
        ).toBe(401);
      expect((await change(agent, 'change guess 1')).status).toBe(400);
      // …and wrong current passwords: five failures of this client, the session ends.
      const ended = await change(agent, 'change guess 2');
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/login');
    });

    it('a right current password after failures changes it and starts afresh', async () => {
      const { agent, who } = await loggedIn('recovers@example.com');
      for (let i = 1; i <= 4; i++)
        expect((await change(agent, `guess ${i}`)).status).toBe(400);
      const done = await change(agent, who.password);
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/account/sessions');
      expect(
        (
          await postForm(agent, '/account/password', {
            currentPassword: 'one more wrong guess',
            newPassword: 'yet another strong passphrase',
            confirmPassword: 'yet another strong passphrase',
          })
        ).status,
      ).toBe(400);
    });
  },
);
