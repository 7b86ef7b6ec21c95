import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { SessionService } from '@nest-sessions/session';
import { LoginThrottleService } from '../src/auth/login-throttle.service.js';
import { UsersService } from '../src/users/users.service.js';
import { DEMO, postLogin, postRegister, recordQueries } from './utils/auth.js';
import { TestClock } from './utils/clock.js';
import { cookiePair } from './utils/cookies.js';
import { csrfAgent, csrfPass, postForm, postWith } from './utils/forms.js';
import { flashesOn, sidOf } from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import {
  createTestApp,
  dropDatabase,
  uniqueDatabaseUri,
  useTestApp,
  type TestApp,
} from './utils/test-app.js';

/*
 * Login throttling (src/auth/login-throttle.service.ts; the design and what
 * it costs an attacker: docs/security-login-throttling.md). Every case runs
 * on the app over HTTP against the test database; time moves with the app's
 * clock, never by waiting.
 */

const WINDOW_MS = 15 * 60_000;
const NEW_PASSWORD = 'a brand new strong passphrase';
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

/** How many of `attempts` wrong guesses were checked (401) rather than refused (429); anything else fails. */
async function checkedOf(attempts: (() => Promise<Response>)[]) {
  let checked = 0;
  for (const attempt of attempts) {
    const res = await attempt();
    expect([401, 429]).toContain(res.status);
    if (res.status === 401) checked++;
  }
  return checked;
}

/** Wrong guesses for `email`: `perAddress` from each of `addresses`. */
function guessesFrom(
  t: TestApp,
  email: string,
  addresses: string[],
  perAddress: number,
) {
  return addresses.flatMap((ip) =>
    Array.from(
      { length: perAddress },
      (_, i) => () =>
        loginFrom(t, ip, { email, password: `wrong guess ${i} from ${ip}` }),
    ),
  );
}

const addresses = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}.${i + 1}`);

/** The device cookie a successful login or password change set. */
function deviceOf(res: Response): string {
  const device = cookiePair(res, 'device');
  expect(device).toBeDefined();
  return device!;
}

/** A browser logged in as a new account, with a cookie jar. */
async function loggedIn(t: TestApp, email: string) {
  const who = await account(t, email);
  const agent = await csrfAgent(t.server);
  const login = await postForm(agent, '/login', who).expect(303);
  return { agent, who, sid: sidOf(login) };
}

const changePassword = (
  agent: TestAgent,
  currentPassword: string,
  newPassword = NEW_PASSWORD,
) =>
  postForm(agent, '/account/password', {
    currentPassword,
    newPassword,
    confirmPassword: newPassword,
  });

describe('Login throttling: the window, the answers and the records', () => {
  const opened: TestApp[] = [];
  const databases = new Set<string>();

  async function open(
    env: Record<string, string>,
    databaseUri?: string,
    clock?: TestClock,
  ): Promise<TestApp> {
    const app = await createTestApp({ env, databaseUri, clock });
    opened.push(app);
    databases.add(app.databaseUri);
    return app;
  }

  afterAll(async () => {
    for (const app of opened) await app.close().catch(() => undefined);
    for (const uri of databases) await dropDatabase(uri);
  });

  const WRONG = { email: DEMO.email, password: 'wrong password' };

  it('refuses the 6th failure from one client with 429, across a restart, until the window ends', async () => {
    const env = { LOGIN_MAX_FAILURES_PER_IP: '1000' };
    // One clock for both instances: the time the window ends is the same for each.
    const clock = new TestClock();
    const first = await open(env, uniqueDatabaseUri('throttle'), clock);
    for (let i = 1; i <= 5; i++) {
      const res = await postLogin(request(first.server), WRONG);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const sixth = await postLogin(request(first.server), WRONG).expect(429);
    expect(formError(sixth.text)).toMatch(
      /^Too many failed login attempts\. Try again after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in about 15 minutes\)\.$/,
    );
    expect(sixth.text).toContain(`value="${DEMO.email}"`);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(sixth.headers['cache-control']).toBe('no-store');
    // The right password does not get through a held client either.
    await postLogin(request(first.server), DEMO).expect(429);
    await first.close();

    // A new instance on the same database knows the count.
    const second = await open(env, first.databaseUri, clock);
    const refused = await postLogin(request(second.server), DEMO).expect(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const pass = await csrfPass(request(second.server), '/login');
    const json = await postWith(request(second.server), '/login', pass)
      .set('Accept', 'application/json')
      .send(DEMO)
      .expect(429);
    expect(json.body).toMatchObject({ statusCode: 429 });

    // Seconds before the window ends: still refused, and told so in seconds.
    clock.advance((retryAfter - 5) * 1000);
    const late = await postLogin(request(second.server), DEMO).expect(429);
    expect(formError(late.text)).toMatch(/ \(in [1-5] seconds?\)\.$/);
    clock.advance(5_000);
    const login = await postLogin(request(second.server), DEMO).expect(303);
    expect(login.headers.location).toBe('/userinfo');

    // Attempts out of the window are removed (a TTL index, or periodically
    // where the server has none): what a removal finds now.
    const attempts = second.connection.collection('login_attempts');
    const now = clock.now();
    await attempts.insertMany([
      {
        key: 'ip:192.0.2.1',
        at: new Date(now - 901_000),
        expiresAt: new Date(now - 1_000),
      },
      {
        key: 'ip:192.0.2.1',
        at: new Date(now),
        expiresAt: new Date(now + 900_000),
      },
    ]);
    const purged = await second.app.get(LoginThrottleService).purgeExpired();
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(
      await attempts.countDocuments({ expiresAt: { $lte: new Date(now) } }),
    ).toBe(0);
    expect(await attempts.countDocuments({ key: 'ip:192.0.2.1' })).toBe(1);
  });

  it("a success clears the client's count; case and spaces give the account no fresh one; other accounts are unaffected", async () => {
    const t = await open({ LOGIN_MAX_FAILURES_PER_IP: '1000' });
    const other = {
      email: 'other@example.com',
      password: 'another good password',
    };
    await postRegister(request(t.server), {
      ...other,
      confirm: other.password,
    }).expect(303);

    for (let i = 0; i < 4; i++)
      await postLogin(request(t.server), WRONG).expect(401);
    await postLogin(request(t.server), DEMO).expect(303);
    // Without the reset, the 2nd of these would be the 6th failure.
    for (let i = 1; i <= 5; i++) {
      const res = await postLogin(request(t.server), WRONG);
      expect([i, res.status]).toEqual([i, 401]);
    }
    await postLogin(request(t.server), WRONG).expect(429);
    await postLogin(request(t.server), DEMO).expect(429);
    await postLogin(request(t.server), {
      email: ' ADMIN@Nomades.ch',
      password: DEMO.password,
    }).expect(429);

    await postLogin(request(t.server), {
      email: other.email,
      password: 'wrong',
    }).expect(401);
    await postLogin(request(t.server), other).expect(303);
  });

  it('lets at most 5 of 50 parallel attempts reach the password check, and a refused one leaves no record', async () => {
    const t = await open({ LOGIN_MAX_FAILURES_PER_IP: '1000' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => postLogin(request(t.server), WRONG)),
    );
    const statuses = results.map((res) => res.status);
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(
      50 - checked,
    );
    // Refused attempts leave no record, so they do not push the wait back.
    const stored = await t.connection
      .collection('login_attempts')
      .countDocuments({ key: `email:${DEMO.email}` });
    expect(stored).toBe(checked);
    // Sequential attempts see the limit exactly: 5 - checked more failures are allowed, then 429.
    for (let i = checked + 1; i <= 5; i++)
      await postLogin(request(t.server), WRONG).expect(401);
    await postLogin(request(t.server), WRONG).expect(429);
  });

  // Whether they also take the same time is a measurement, not a test, on a
  // shared machine: it belongs in bench/. What makes them alike is checked
  // by src/auth/auth.service.spec.ts (an unknown email is verified against
  // the dummy hash, as a wrong password against the real one).
  it('answers an unknown email, a wrong password and a held-then-released account alike', async () => {
    const LIMIT = 3;
    const t = await open({
      LOGIN_MAX_FAILURES_PER_CLIENT: String(LIMIT),
      LOGIN_MAX_FAILURES_PER_IP: '10000',
    });
    const held = await account(t, 'held@example.com');
    const pass = await csrfPass(request(t.server), '/login');
    const attempt = (email: string, password: string) =>
      postWith(request(t.server), '/login', pass)
        .type('form')
        .send({ email, password, _csrf: pass.token });

    for (let i = 0; i < LIMIT; i++) await attempt(held.email, 'wrong');
    const refused = await attempt(held.email, 'wrong');
    expect(refused.status).toBe(429);
    t.clock.advance(Number(refused.headers['retry-after']) * 1000);

    const kinds = {
      unknown: 'nobody@example.com',
      wrong: DEMO.email,
      released: held.email,
    } as const;
    const bodies: Record<string, string> = {};
    for (const [kind, email] of Object.entries(kinds)) {
      const res = await attempt(email, 'not-the-password');
      expect([kind, res.status]).toEqual([kind, 401]);
      expect(res.headers['retry-after']).toBeUndefined();
      bodies[kind] = res.text.replace(email, 'E');
    }
    expect(formError(bodies.unknown)).toBe('Invalid email or password');
    expect(bodies.wrong).toBe(bodies.unknown);
    expect(bodies.released).toBe(bodies.unknown);
  });

  it('counts one address over every account, and ignores a spoofed X-Forwarded-For while TRUST_PROXY is off', async () => {
    const t = await open({
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '20',
    });
    const pass = await csrfPass(request(t.server), '/login');
    const attempt = (email: string, ip: string) =>
      postWith(request(t.server), '/login', pass)
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ email, password: 'wrong', _csrf: pass.token });
    for (let i = 1; i <= 20; i++) {
      const res = await attempt(`user${i}@example.com`, `198.51.100.${i}`);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const spoofed = await attempt('user21@example.com', '203.0.113.77');
    expect(spoofed.status).toBe(429);
    expect(formError(spoofed.text)).toMatch(/^Too many failed login attempts/);
    const stored = await t.connection
      .collection('login_attempts')
      .distinct('key', { key: /^ip:/ });
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain('198.51.100');
  });
});

/**
 * Lockout as denial of service: failures are counted per account and client
 * (the address, or a browser the account logged in from before), with a
 * ceiling per account for clients it does not know and one per address; a
 * browser the owner logged in from keeps its own allowance whatever others do.
 */
describe('Login throttling holds an attacker without locking the owner out', () => {
  const t = useTestApp({
    env: {
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES_PER_CLIENT: '5',
      LOGIN_MAX_FAILURES_PER_EMAIL: '8',
      LOGIN_MAX_FAILURES_PER_IP: '10',
    },
  });

  it('an attacker on one address is held after 5 failures, even with the right password; the owner elsewhere logs in', async () => {
    const owner = await account(t, 'pair-owner@example.com');
    const wrong = { email: owner.email, password: 'a wrong guess' };
    for (let i = 1; i <= 5; i++) {
      const res = await loginFrom(t, '198.51.100.1', wrong);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const held = await loginFrom(t, '198.51.100.1', wrong);
    expect(held.status).toBe(429);
    expect(formError(held.text)).toMatch(/^Too many failed login attempts/);
    expect((await loginFrom(t, '198.51.100.1', owner)).status).toBe(429);
    expect((await loginFrom(t, '203.0.113.5', owner)).status).toBe(303);
  });

  it("past the account's ceiling for unknown clients, a new address is held even with the right password; the owner's browser and other accounts are not", async () => {
    const owner = await account(t, 'ceiling-owner@example.com');
    const other = await account(t, 'ceiling-other@example.com');
    const device = deviceOf(await loginFrom(t, '203.0.113.7', owner));

    // Eight failures from two addresses: the ceiling.
    const wrong = { email: owner.email, password: 'a wrong guess' };
    for (const ip of ['198.51.100.10', '198.51.100.11'])
      for (let i = 1; i <= 4; i++)
        expect((await loginFrom(t, ip, wrong)).status).toBe(401);
    const refused = await loginFrom(t, '198.51.100.12', owner);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The owner's browser gets in, wherever it is…
    expect((await loginFrom(t, '198.51.100.12', owner, device)).status).toBe(
      303,
    );
    // …and another account logs in from an address that took part.
    expect((await loginFrom(t, '198.51.100.10', other)).status).toBe(303);
  });

  it('an address over its limit holds unknown clients only: a colleague behind it who logged in before gets in', async () => {
    const colleague = await account(t, 'nat-colleague@example.com');
    const office = '192.0.2.50';
    const device = deviceOf(await loginFrom(t, office, colleague));

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
    const device = deviceOf(await loginFrom(t, '203.0.113.20', owner));
    const otherDevice = deviceOf(await loginFrom(t, '203.0.113.21', other));
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
 * What logging in earns (a device cookie, a known address) is bound to the
 * password and bounded per account, with the default limits: 5 per client,
 * 20 per account from unknown clients, 10 from its known browsers together,
 * 50 per address, in 15 minutes.
 */
describe('Device cookies and known addresses: void after a password change, bounded per account', () => {
  const t = useTestApp({ env: { TRUST_PROXY: 'true' } });

  it('device cookies issued before a password change give no extra guesses: 12 of them are worth 5 checked guesses from their address, not 60', async () => {
    const { agent, who } = await loggedIn(t, 'changed@example.com');
    // Someone who knew the password gathers 12 device cookies.
    const gatherer = '198.51.100.66';
    const cookies: string[] = [];
    for (let i = 0; i < 12; i++)
      cookies.push(deviceOf(await loginFrom(t, gatherer, who)));

    const changed = await changePassword(agent, who.password).expect(303);
    const checked = await checkedOf(
      cookies.flatMap((cookie, i) =>
        Array.from(
          { length: 5 },
          (_, j) => () =>
            loginFrom(
              t,
              gatherer,
              { email: who.email, password: `guess ${i}.${j}` },
              cookie,
            ),
        ),
      ),
    );
    expect(checked).toBe(5);

    // The browser that changed the password got a cookie for the new one:
    // it is known, and not held with the gatherer's address.
    const renewed = deviceOf(changed);
    expect(
      (
        await loginFrom(
          t,
          gatherer,
          { email: who.email, password: NEW_PASSWORD },
          renewed,
        )
      ).status,
    ).toBe(303);
  });

  it("an account's known browsers have 10 failures per window together: 12 device cookies give 10 checked guesses, not 60", async () => {
    const owner = await account(t, 'many-devices@example.com');
    const cookies: string[] = [];
    for (let i = 0; i < 12; i++)
      cookies.push(deviceOf(await loginFrom(t, '198.51.100.77', owner)));

    const attempts = cookies.flatMap((cookie, i) =>
      Array.from(
        { length: 5 },
        (_, j) => () =>
          loginFrom(
            t,
            `198.51.100.${100 + i}`,
            { email: owner.email, password: `guess ${i}.${j}` },
            cookie,
          ),
      ),
    );
    expect(await checkedOf(attempts)).toBe(10);
    // The last browser's guesses were all refused, so it has no failure of
    // its own; it waits too, even with the right password…
    const unused = cookies[11];
    const refused = await loginFrom(t, '198.51.100.99', owner, unused);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(900);
    // …until the window has passed.
    t.clock.advance(WINDOW_MS);
    expect((await loginFrom(t, '198.51.100.99', owner, unused)).status).toBe(
      303,
    );
  });
});

/**
 * The pattern of the outside test: wrong passwords spread over addresses keep
 * the account's ceiling for unknown clients full. The owner's new browser at
 * an address the account logged in from is let through; on an address the
 * account never used, it waits (docs/security-login-throttling.md: what an
 * attacker pays and gets, before and after).
 */
describe("The owner's new browser while someone keeps the account's ceiling full", () => {
  const t = useTestApp({ env: { TRUST_PROXY: 'true' } });

  it('at an address the account logged in from, the right password gets in all hour; the hour of guessing from elsewhere checks 80 guesses', async () => {
    const owner = await account(t, 'besieged@example.com');
    const home = '203.0.113.50';
    // A login from home; its browser is then forgotten (a new one comes next).
    expect((await loginFrom(t, home, owner)).status).toBe(303);

    let checked = 0;
    for (let quarter = 0; quarter < 4; quarter++) {
      // Eight addresses, five guesses each: more than the limits let through.
      checked += await checkedOf(
        guessesFrom(t, owner.email, addresses(`198.51.${quarter}`, 8), 5),
      );
      // A new browser at home: in. A new browser on a new address: held.
      expect([quarter, (await loginFrom(t, home, owner)).status]).toEqual([
        quarter,
        303,
      ]);
      const away = await loginFrom(t, `192.0.2.${quarter + 1}`, owner);
      expect([quarter, away.status]).toEqual([quarter, 429]);
      t.clock.advance(WINDOW_MS);
    }
    expect(checked).toBe(4 * 20);
  });

  it('knowing the address costs a login no database round trip; recording it, one write for the first login from it in each 15 days', async () => {
    const owner = await account(t, 'counted@example.com');
    const queriesOf = async (ip: string) => {
      const pass = await csrfPass(request(t.server), '/login');
      const queries = recordQueries(t.connection);
      try {
        await postWith(request(t.server), '/login', pass)
          .set('X-Forwarded-For', ip)
          .type('form')
          .send({ ...owner, _csrf: pass.token })
          .expect(303);
      } finally {
        queries.stop();
      }
      return queries.collections;
    };
    // The account, the attempt recorded, counted and taken back…
    const usual = [
      'users',
      'login_attempts',
      'login_attempts',
      'login_attempts',
    ];
    // …and, from a new address, its record.
    const withRecord = [...usual, 'login_attempts'].sort();
    expect((await queriesOf('203.0.113.60')).sort()).toEqual(withRecord);
    expect(await queriesOf('203.0.113.60')).toEqual(usual);
    t.clock.advance(15 * 24 * 3_600_000);
    expect((await queriesOf('203.0.113.60')).sort()).toEqual(withRecord);
    expect(await queriesOf('203.0.113.60')).toEqual(usual);
  });

  it('an address known under the old password is not after a change; the one the change was made from stays known', async () => {
    const { agent, who } = await loggedIn(t, 'moved-on@example.com');
    const gatherer = '198.51.100.70';
    expect((await loginFrom(t, gatherer, who)).status).toBe(303);
    // The browser that changes the password is on the test's own address.
    await changePassword(agent, who.password).expect(303);

    expect(
      await checkedOf(guessesFrom(t, who.email, addresses('198.51.101', 4), 5)),
    ).toBe(20);
    const held = await loginFrom(t, gatherer, {
      email: who.email,
      password: 'a guess after the change',
    });
    expect(held.status).toBe(429);
    // The owner's new browser where the change was made: in.
    expect(
      (
        await loginFrom(t, '127.0.0.1', {
          email: who.email,
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(303);
  });
});

/**
 * /account/password as a password oracle: wrong current passwords count in
 * the login throttle, and after the last allowed one the session ends with a
 * message saying why.
 */
describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'A password change with wrong current passwords (%s)',
  (_name, store) => {
    const t = useTestApp({ store });

    it('ends the session at the 5th wrong guess, says why, and the login is held too', async () => {
      const { agent, who, sid } = await loggedIn(t, 'oracle@example.com');
      for (let i = 1; i <= 4; i++) {
        const res = await changePassword(agent, `guess number ${i}`);
        expect([i, res.status]).toEqual([i, 400]);
        expect(res.text).toContain('the current password is wrong');
      }
      const ended = await changePassword(agent, 'guess number 5');
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
      t.clock.advance(WINDOW_MS);
      expect((await postForm(agent, '/login', who)).status).toBe(303);
    });

    it('counts login failures and password-change failures together', async () => {
      const { agent, who } = await loggedIn(t, 'mixed@example.com');
      for (let i = 1; i <= 3; i++)
        expect(
          (
            await postForm(agent, '/login', {
              email: who.email,
              password: `login guess ${i}`,
            })
          ).status,
        ).toBe(401);
      expect((await changePassword(agent, 'change guess 1')).status).toBe(400);
      const ended = await changePassword(agent, 'change guess 2');
      expect(ended.status).toBe(303);
      expect(ended.headers.location).toBe('/login');
    });

    it('a right current password after failures changes it and starts afresh', async () => {
      const { agent, who } = await loggedIn(t, 'recovers@example.com');
      for (let i = 1; i <= 4; i++)
        expect((await changePassword(agent, `guess ${i}`)).status).toBe(400);
      const done = await changePassword(agent, who.password);
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/account/sessions');
      expect(
        (
          await changePassword(
            agent,
            'one more wrong guess',
            'yet another strong passphrase',
          )
        ).status,
      ).toBe(400);
    });
  },
);
