import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { anonymousCsrf } from './utils/forms.js';
import {
  countOf,
  eventually,
  expiryOf,
  findSession,
  flashesOn,
  sessionsOf,
  sidCookie,
  sidOf,
} from './utils/session-helpers.js';
import { SessionService } from '../src/session/session.service.js';
import { DEMO, postLogin, postLogout } from './utils/auth.js';
import { cookiePair, sessionIdOf, setCookies } from './utils/cookies.js';
import { createTestApp, dropDatabase, type TestApp } from './utils/test-app.js';

/**
 * Server-side expiry with timeouts of seconds. Auto-removal runs rarely (60 s)
 * unless a test is about it, so what these tests see is the store refusing an
 * expired session, not a document that happened to be removed already.
 */
describe('Session store: timeouts enforced on the server', () => {
  const apps: TestApp[] = [];

  async function app(env: Record<string, string>): Promise<TestApp> {
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

  describe('idle timeout (1.8 s)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await app({ SESSION_IDLE_MINUTES: '0.03' });
    });

    it('is pushed back by every request, even one that changes nothing', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      // 3 s of reads, each well within the idle timeout of the previous one.
      for (let i = 0; i < 5; i++) {
        await sleep(600);
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

      await sleep(2_300);
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

    it('stores the idle expiry in the document, not only in the cookie', async () => {
      const before = Date.now();
      const res = await request(t.server).get('/').expect(200);
      const doc = await findSession(t, sidOf(res));
      const expires = doc!.expires.getTime();
      expect(expires).toBeGreaterThanOrEqual(before + 1_800 - 50);
      expect(expires).toBeLessThanOrEqual(Date.now() + 1_800 + 50);
      // A browser-session cookie: the server is the only judge of expiry.
      expect(sidCookie(res)).not.toMatch(/expires|max-age/i);
    });
  });

  describe('absolute lifetime (2.9 s)', () => {
    let t: TestApp;
    const absoluteMs = 0.0008 * 3_600_000;
    beforeAll(async () => {
      t = await app({
        SESSION_IDLE_MINUTES: '1',
        SESSION_ABSOLUTE_HOURS: '0.0008',
      });
    });

    it('ends a session after its lifetime, however active the visitor', async () => {
      const createdAt = Date.now();
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      const id = sessionIdOf(cookie);
      const doc = await findSession(t, id);
      // The idle expiry (1 min) is capped by the absolute one.
      expect(doc!.expires.getTime()).toBeLessThanOrEqual(
        createdAt + absoluteMs + 500,
      );

      let count = 1;
      let resetAfterMs: number | undefined;
      while (Date.now() - createdAt < absoluteMs + 3_000) {
        await sleep(250);
        const res = await request(t.server)
          .get('/')
          .set('Cookie', cookie)
          .expect(200);
        const seen = countOf(res.text);
        if (seen <= count) {
          resetAfterMs = Date.now() - createdAt;
          expect(seen).toBe(1);
          expect(sidOf(res)).not.toBe(id);
          break;
        }
        count = seen;
      }
      expect(count).toBeGreaterThan(3);
      expect(resetAfterMs).toBeDefined();
      expect(resetAfterMs!).toBeGreaterThanOrEqual(absoluteMs - 100);
      expect(await findSession(t, id)).toBeNull();
    });
  });

  describe('a session that expired with a login', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await app({ SESSION_IDLE_MINUTES: '0.02' });
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

      await sleep(1_600);
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
      await sleep(1_600);
      // What auto-removal does to a session nobody asked for during its interval.
      expect(
        await expiryOf(t).removeExpired(t.app.get(SessionService).store),
      ).toBeGreaterThan(0);
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
        await sleep(1_600);
        const later = await agent.get('/').expect(200);
        expect(
          flashesOn(later.text).filter((f) => f.category === 'warning'),
        ).toEqual([]);
      },
    );

    it('keeps the notice for the next page when the expired request was a redirect', async () => {
      const { cookies } = await logIn();
      await sleep(1_600);
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

  describe('removal of expired documents', () => {
    async function expiredDocumentDisappears(t: TestApp): Promise<void> {
      const res = await request(t.server).get('/').expect(200);
      const id = sidOf(res);
      const anotherVisitor = await request(t.server).get('/').expect(200);
      expect(await findSession(t, id)).not.toBeNull();
      // Nobody sends this cookie again: only the removal can delete the document.
      const gone = await eventually(
        async () => (await findSession(t, id)) === null,
        5_000,
        200,
      );
      expect(gone).toBe(true);
      expect(await findSession(t, sidOf(anotherVisitor))).toBeNull();
    }

    it('native mode falls back to periodic removal on a server without TTL indexes (FerretDB)', async () => {
      const t = await app({
        SESSION_IDLE_MINUTES: '0.02',
        SESSION_AUTOREMOVE: 'native',
        SESSION_AUTOREMOVE_INTERVAL_SECONDS: '0.5',
      });
      const indexes = await sessionsOf(t).indexes();
      const ttl = indexes.find((index) => index.expireAfterSeconds === 0);
      if (ttl) {
        // A real MongoDB: the TTL index does the work (its monitor runs every 60 s, too slow to wait for here).
        expect(expiryOf(t).mode).toBe('ttl-index');
        expect(ttl.key).toEqual({ expires: 1 });
        return;
      }
      expect(expiryOf(t).mode).toBe('interval');
      await expiredDocumentDisappears(t);
    });

    it('interval mode deletes expired documents periodically', async () => {
      const t = await app({
        SESSION_IDLE_MINUTES: '0.02',
        SESSION_AUTOREMOVE: 'interval',
        SESSION_AUTOREMOVE_INTERVAL_SECONDS: '0.5',
      });
      expect(expiryOf(t).mode).toBe('interval');
      await expiredDocumentDisappears(t);
    });

    it('leaves sessions that have not expired', async () => {
      const t = await app({
        SESSION_IDLE_MINUTES: '1',
        SESSION_AUTOREMOVE_INTERVAL_SECONDS: '0.2',
      });
      const res = await request(t.server).get('/').expect(200);
      await sleep(800);
      expect(await findSession(t, sidOf(res))).not.toBeNull();
    });
  });
});
