import request from 'supertest';
import { LoginThrottleService } from '../src/auth/login-throttle.service.js';
import { DEMO, postLogin, postRegister } from './utils/auth.js';
import { csrfPass, postWith } from './utils/forms.js';
import {
  createTestApp,
  dropDatabase,
  uniqueDatabaseUri,
  type TestApp,
} from './utils/test-app.js';
import { TestClock } from './utils/clock.js';

const WRONG = { email: DEMO.email, password: 'wrong password' };
const formError = (html: string): string | undefined =>
  /data-testid="form-error">([^<]*)</.exec(html)?.[1];
// Each attempt hashes (argon2id).
const SLOW = 60_000;

describe('Login throttling', () => {
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

  it(
    'refuses the 6th attempt for one email with 429, across a restart, until the window ends',
    async () => {
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
      // The right password does not get through a locked account either.
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
    },
    SLOW,
  );

  it(
    'resets the count of an email after a success; other accounts are unaffected',
    async () => {
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
      // Case and spaces do not give the same account a fresh count.
      await postLogin(request(t.server), {
        email: ' ADMIN@Nomades.ch',
        password: DEMO.password,
      }).expect(429);

      await postLogin(request(t.server), {
        email: other.email,
        password: 'wrong',
      }).expect(401);
      await postLogin(request(t.server), other).expect(303);
    },
    SLOW,
  );

  it(
    'refuses the 21st failure from one address, whatever the emails',
    async () => {
      const t = await open({ LOGIN_MAX_FAILURES_PER_IP: '20' });
      for (let i = 1; i <= 20; i++) {
        const res = await postLogin(request(t.server), {
          email: `user${i}@example.com`,
          password: 'wrong',
        });
        expect([i, res.status]).toEqual([i, 401]);
      }
      const refused = await postLogin(request(t.server), {
        email: 'user21@example.com',
        password: 'wrong',
      }).expect(429);
      expect(formError(refused.text)).toMatch(
        /^Too many failed login attempts/,
      );
      await postLogin(request(t.server), DEMO).expect(429);
    },
    SLOW,
  );

  it(
    'lets at most 5 of 50 parallel attempts reach the password check',
    async () => {
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
      // Refused attempts leave no record, so they do not push the lockout back.
      const stored = await t.connection
        .collection('login_attempts')
        .countDocuments({ key: `email:${DEMO.email}` });
      expect(stored).toBe(checked);
      // Sequential attempts see the limit exactly: 5 - checked more failures are allowed, then 429.
      for (let i = checked + 1; i <= 5; i++)
        await postLogin(request(t.server), WRONG).expect(401);
      await postLogin(request(t.server), WRONG).expect(429);
    },
    SLOW,
  );
});
