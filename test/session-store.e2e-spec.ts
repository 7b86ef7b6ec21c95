import { promisify } from 'node:util';
import request from 'supertest';
import { anonymousCsrf } from './utils/forms.js';
import {
  countOf,
  findSession,
  flashesOn,
  sidCookie,
  sidOf,
  sessionStoreOf,
} from './utils/session-helpers.js';
import { DEMO, postLogin, postLogout } from './utils/auth.js';
import { cookiePair, sessionIdOf, setCookies } from './utils/cookies.js';
import { createTestApp, dropDatabase, type TestApp } from './utils/test-app.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Server-side expiry, with the app's clock moved forward instead of waiting.
 * Auto-removal runs rarely (60 s) unless a test is about it, so what these
 * tests see is the store refusing an expired session, not a document that
 * happened to be removed already.
 */
describe('Session store: timeouts enforced on the server', () => {
  const apps: TestApp[] = [];

  async function app(env: Record<string, string> = {}): Promise<TestApp> {
    const t = await createTestApp({
      env: {
        SESSION_TOUCH_AFTER_SECONDS: '0',
        SESSION_AUTOREMOVE: 'interval',
        SESSION_AUTOREMOVE_INTERVAL_SECONDS: '60',
        ...env,
      },
    });
    apps.push(t);
    return t;
  }

  afterAll(async () => {
    for (const t of apps) {
      await t.close();
      await dropDatabase(t.databaseUri);
    }
  });

  describe('idle timeout (30 minutes)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await app({ SESSION_IDLE_MINUTES: '30' });
    });

    it('is pushed back by every request, even one that changes nothing', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      // 2 hours of reads, each well within the idle timeout of the previous one.
      for (let i = 0; i < 5; i++) {
        t.clock.advance(25 * MINUTE);
        await request(t.server)
          .get('/session')
          .set('Cookie', cookie)
          .expect(200);
      }
      const later = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(later.text)).toBe(2);
    });

    it('ends a session left idle: a fresh session is served and the old document deleted', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      const oldId = sessionIdOf(cookie);
      await request(t.server).get('/').set('Cookie', cookie).expect(200);
      expect(await findSession(t, oldId)).not.toBeNull();

      t.clock.advance(30 * MINUTE + 1);
      const after = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(after.text)).toBe(1);
      expect(sidOf(after)).not.toBe(oldId);
      expect(await findSession(t, oldId)).toBeNull();
      // An anonymous visitor whose session expired is not told about it.
      expect(flashesOn(after.text)).toEqual([]);
    });

    it('still serves a session one millisecond before its idle expiry', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      t.clock.advance(30 * MINUTE - 1_000);
      const after = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(after.text)).toBe(2);
    });

    it('stores the idle expiry in the document, not only in the cookie', async () => {
      const before = t.clock.now();
      const res = await request(t.server).get('/').expect(200);
      const doc = await findSession(t, sidOf(res));
      const expires = doc!.expires.getTime();
      expect(expires).toBeGreaterThanOrEqual(before + 30 * MINUTE);
      expect(expires).toBeLessThanOrEqual(t.clock.now() + 30 * MINUTE);
      // A browser-session cookie: the server is the only judge of expiry.
      expect(sidCookie(res)).not.toMatch(/expires|max-age/i);
    });
  });

  describe('absolute lifetime (2 hours)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await app({
        SESSION_IDLE_MINUTES: '30',
        SESSION_ABSOLUTE_HOURS: '2',
      });
    });

    it('ends a session after its lifetime, however active the visitor', async () => {
      const createdAt = t.clock.now();
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      const id = sessionIdOf(cookie);

      // A visit every 20 minutes: never idle, and still ended at 2 hours.
      let count = 1;
      for (let minutes = 20; minutes < 2 * 60; minutes += 20) {
        t.clock.advance(20 * MINUTE);
        const res = await request(t.server)
          .get('/')
          .set('Cookie', cookie)
          .expect(200);
        expect(countOf(res.text)).toBe(++count);
      }
      const doc = await findSession(t, id);
      // The idle expiry is capped by the absolute one.
      expect(doc!.expires.getTime()).toBe(doc!.createdAt.getTime() + 2 * HOUR);
      expect(doc!.createdAt.getTime()).toBeGreaterThanOrEqual(createdAt);

      t.clock.advance(2 * HOUR - 100 * MINUTE + 1);
      const ended = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(ended.text)).toBe(1);
      expect(sidOf(ended)).not.toBe(id);
      expect(await findSession(t, id)).toBeNull();
    });
  });

  describe('a login past its timeouts', () => {
    const IDLE_MS = 5_000;
    const ABSOLUTE_MS = 9_000;
    let t: TestApp;
    beforeAll(async () => {
      t = await app({
        SESSION_IDLE_MINUTES: String(IDLE_MS / MINUTE),
        SESSION_ABSOLUTE_HOURS: String(ABSOLUTE_MS / HOUR),
      });
    });

    /** The protected page sends the visitor to log in, says the session expired, and the session is gone from the store. */
    async function expectExpired(
      agent: ReturnType<typeof request.agent>,
      id: string,
    ) {
      const denied = await agent.get('/secret').expect(303);
      expect(denied.headers.location).toBe('/login?next=%2Fsecret');
      const login = await agent.get(denied.headers.location).expect(200);
      expect(login.text).toContain('Your session has expired');
      expect(await findSession(t, id)).toBeNull();
    }

    it('ends a login left idle longer than the idle timeout, not before', async () => {
      const agent = request.agent(t.server);
      const login = await postLogin(agent, DEMO).expect(303);
      await agent.get('/secret').expect(200);
      t.clock.advance(IDLE_MS - 1_000);
      await agent.get('/secret').expect(200);
      t.clock.advance(IDLE_MS + 1);
      await expectExpired(agent, sidOf(login));
    });

    it('ends a busy login at the absolute timeout, activity notwithstanding', async () => {
      const agent = request.agent(t.server);
      const login = await postLogin(agent, DEMO).expect(303);
      // Active past the idle timeout: each request pushes the idle expiry back.
      for (let elapsed = 0; elapsed < ABSOLUTE_MS - 1_000; elapsed += 2_000) {
        await agent.get('/secret').expect(200);
        t.clock.advance(2_000);
      }
      await agent.get('/secret').expect(200);
      t.clock.advance(1_500);
      await expectExpired(agent, sidOf(login));
    });
  });

  describe('a session that expired with a login', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await app({ SESSION_IDLE_MINUTES: '30' });
    });

    /** Logs the demo user in without a cookie jar; returns the cookies a browser would now hold. */
    async function logIn(): Promise<{ cookies: string[]; id: string }> {
      const login = await postLogin(request(t.server), DEMO).expect(303);
      const sid = cookiePair(login, 'sid')!;
      const marker = cookiePair(login, 'sid_login')!;
      expect(marker).toBe('sid_login=1');
      return { cookies: [sid, marker], id: sessionIdOf(sid) };
    }

    it('gives a fresh session without the login and says once that the session expired', async () => {
      const { cookies, id: oldId } = await logIn();
      const loggedIn = await request(t.server)
        .get('/session')
        .set('Cookie', cookies)
        .expect(200);
      expect(loggedIn.text).toContain('data-testid="loggedin">yes<');

      t.clock.advance(31 * MINUTE);
      const after = await request(t.server)
        .get('/')
        .set('Cookie', cookies)
        .expect(200);
      expect(flashesOn(after.text)).toEqual([
        { category: 'warning', text: 'Your session has expired' },
      ]);
      expect(countOf(after.text)).toBe(1);
      // The browser forgets that it was logged in: the notice is not shown twice.
      expect(
        setCookies(after).find((line) => line.startsWith('sid_login=')),
      ).toMatch(/^sid_login=;.*Expires=Thu, 01 Jan 1970/);
      const newCookie = sidCookie(after);
      const newId = sessionIdOf(newCookie);
      expect(newId).not.toBe(oldId);
      expect(await findSession(t, oldId)).toBeNull();
      const doc = await findSession(t, newId);
      expect(doc!.session).not.toHaveProperty('loggedin');
      expect(doc!.session).not.toHaveProperty('user');
      expect(doc!.session).not.toHaveProperty('flashes');

      const next = await request(t.server)
        .get('/session')
        .set('Cookie', newCookie)
        .expect(200);
      expect(flashesOn(next.text)).toEqual([]);
      expect(next.text).toContain('data-testid="loggedin">no<');
    });

    it('says so even when the expired document was removed long before the visitor came back', async () => {
      const { cookies, id } = await logIn();
      t.clock.advance(31 * MINUTE);
      // What removal of expired sessions (a TTL index, Redis itself) does
      // to a session nobody asked for in the meantime.
      await promisify(sessionStoreOf(t).destroy.bind(sessionStoreOf(t)))(id);
      expect(await findSession(t, id)).toBeNull();
      const after = await request(t.server)
        .get('/')
        .set('Cookie', cookies)
        .expect(200);
      expect(flashesOn(after.text)).toEqual([
        { category: 'warning', text: 'Your session has expired' },
      ]);
    });

    it.each([
      ['keeping the session', { keep: '1' }],
      ['destroying the session', {}],
    ])(
      'says nothing after a logout %s',
      async (_label, fields: Record<string, string>) => {
        const agent = request.agent(t.server);
        await postLogin(agent, DEMO).expect(303);
        const logout = await postLogout(agent, fields).expect(303);
        expect(
          setCookies(logout).find((line) => line.startsWith('sid_login=')),
        ).toMatch(/^sid_login=;/);
        await agent.get('/').expect(200);
        t.clock.advance(31 * MINUTE);
        const later = await agent.get('/').expect(200);
        expect(
          flashesOn(later.text).filter((f) => f.category === 'warning'),
        ).toEqual([]);
      },
    );

    it('keeps the notice for the next page when the expired request was a redirect', async () => {
      const { cookies } = await logIn();
      t.clock.advance(31 * MINUTE);
      const csrf = await anonymousCsrf(t.server);
      const reset = await request(t.server)
        .post('/counter/reset')
        .set('Cookie', [...cookies, csrf.cookie])
        .set('x-csrf-token', csrf.token)
        .expect(303);
      const page = await request(t.server)
        .get('/')
        .set('Cookie', sidCookie(reset))
        .expect(200);
      expect(flashesOn(page.text)).toEqual([
        { category: 'warning', text: 'Your session has expired' },
        { category: 'info', text: 'Counter reset' },
      ]);
    });
  });
});
