import { promisify } from 'node:util';
import request from 'supertest';
import { SessionService } from '@nest-sessions/session';
import { DEMO, postLogin } from './utils/auth.js';
import { cookiePair } from './utils/cookies.js';
import { csrfAgent, csrfTokenOf } from './utils/forms.js';
import { countOf, flashesOn, sidOf } from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import { createTestApp, useTestApp, type TestApp } from './utils/test-app.js';

/** What the store holds for this session ID: its data, as the store in use keeps it. */
async function stored(t: TestApp, sid: string) {
  return (await t.app.get(SessionService).store.read(sid))?.data;
}

/** How many sessions the store in use holds. */
function sessionCount(t: TestApp): Promise<number> {
  const store = t.app.get(SessionService).store;
  return promisify(store.length.bind(store))() as Promise<number>;
}

describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'Floods into the session (%s)',
  (_name, store) => {
    /**
     * Flash messages that nobody reads pile up in the session; they are
     * capped in number and in size, with a message saying how many were
     * dropped, and nothing else the requests did is lost.
     */
    describe('unread flash messages', () => {
      const t = useTestApp({ store });

      it('keep the latest ten, say how many older ones were dropped, and every stored key stays', async () => {
        const agent = await csrfAgent(t.server);
        let sid = '';
        for (let i = 0; i < 25; i++) {
          const res = await agent
            .post('/session')
            .type('form')
            .send({ key: `k${i}`, value: String(i) })
            .expect(303);
          sid ||= sidOf(res);
        }
        const data = await stored(t, sid);
        expect((data?.flashes as unknown[]).length).toBeLessThanOrEqual(11);
        for (let i = 0; i < 25; i++) expect(data?.[`k${i}`]).toBe(String(i));

        const page = await agent.get('/session').expect(200);
        const shown = flashesOn(page.text);
        expect(shown[0]).toEqual({
          category: 'info',
          text: '15 older messages were not kept',
        });
        expect(shown.slice(1).map((flash) => flash.text)).toEqual(
          Array.from(
            { length: 10 },
            (_, i) => `Stored session[&quot;k${15 + i}&quot;]`,
          ),
        );
      });

      it('carry the start of a long popped value only, so pops cannot grow the session', async () => {
        const agent = await csrfAgent(t.server);
        const long = 'v'.repeat(1_000);
        let sid = '';
        for (let i = 0; i < 30; i++) {
          await agent
            .post('/session')
            .type('form')
            .send({ key: 'big', value: long })
            .expect(303);
          const res = await agent
            .post('/session/pop')
            .type('form')
            .send({ key: 'big' })
            .expect(303);
          sid ||= sidOf(res);
        }
        const data = await stored(t, sid);
        // 30 values of 1,000 characters were popped: the pending flashes stay small.
        expect(JSON.stringify(data?.flashes).length).toBeLessThan(3_000);
        const page = await agent.get('/session').expect(200);
        const popped = flashesOn(page.text).at(-1)!.text;
        expect(popped).toBe(
          `Removed session[&quot;big&quot;] (it began &quot;${'v'.repeat(60)}…&quot;, 1000 characters)`,
        );
      });
    });

    /**
     * A client without a cookie makes a new session with every request that
     * stores something; new sessions are bounded per address over a window,
     * counted in the app's database when a session is about to be stored for
     * the first time (nothing is written for requests that store nothing).
     */
    describe('new anonymous sessions per address', () => {
      const WINDOW_SECONDS = 600;
      const t = useTestApp({
        store,
        env: {
          TRUST_PROXY: 'true',
          NEW_SESSIONS_PER_IP: '5',
          NEW_SESSIONS_WINDOW_SECONDS: String(WINDOW_SECONDS),
        },
      });

      it('are refused past the limit for that address only, and real visitors go on', async () => {
        const before = await sessionCount(t);
        const visitor = request.agent(t.server);
        expect(countOf((await visitor.get('/').expect(200)).text)).toBe(1);
        for (let i = 2; i <= 5; i++)
          expect(
            cookiePair(await request(t.server).get('/').expect(200), 'sid'),
          ).toBeDefined();
        const refused = await request(t.server).get('/');
        expect(refused.status).toBe(429);
        expect(refused.text).toContain(
          'Too many new sessions from your address. Try again in',
        );
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(cookiePair(refused, 'sid')).toBeUndefined();
        expect(await sessionCount(t)).toBe(before + 5);

        // A visitor who has a session keeps it; pages that store nothing still open; logins are counted elsewhere.
        expect(countOf((await visitor.get('/').expect(200)).text)).toBe(2);
        await request(t.server).get('/login').expect(200);
        await request(t.server).get('/session').expect(200);
        await postLogin(request(t.server), DEMO).expect(303);
        // Another address is not held.
        await request(t.server)
          .get('/')
          .set('X-Forwarded-For', '203.0.113.40')
          .expect(200);

        t.clock.advance(WINDOW_SECONDS * 1000);
        await request(t.server).get('/').expect(200);
      });

      /** Uses up the new-session budget of one address. */
      async function exhaust(address: string): Promise<void> {
        for (let i = 0; i < 6; i++)
          await request(t.server).get('/').set('X-Forwarded-For', address);
        await request(t.server)
          .get('/')
          .set('X-Forwarded-For', address)
          .expect(429);
      }

      it('cost nothing to a visitor who only reads: pages open, no session is made', async () => {
        const address = '203.0.113.41';
        await exhaust(address);
        const before = await sessionCount(t);
        for (const path of [
          '/session',
          '/session/get?key=colour&default=none',
          '/login',
          '/register',
          '/course/flash',
          '/course/flash/messages',
          '/course/timeout',
          '/course/cookie-vs-session',
        ]) {
          const res = await request(t.server)
            .get(path)
            .set('X-Forwarded-For', address);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          expect(cookiePair(res, 'sid')).toBeUndefined();
        }
        expect(await sessionCount(t)).toBe(before);
      });

      it('refuse a registration before the account exists, never after', async () => {
        const address = '203.0.113.42';
        await exhaust(address);
        const email = `flood-${Date.now()}@example.com`;
        const agent = await csrfAgent(t.server);
        const page = await agent
          .get('/register')
          .set('X-Forwarded-For', address)
          .expect(200);
        const refused = await agent
          .post('/register')
          .set('X-Forwarded-For', address)
          .type('form')
          .send({
            email,
            password: 'a long enough pass phrase',
            confirm: 'a long enough pass phrase',
            _csrf: csrfTokenOf(page.text),
          });
        expect(refused.status).toBe(429);
        expect(refused.text).toContain('Too many new sessions');
        expect(
          await t.connection.collection('users').countDocuments({ email }),
        ).toBe(0);
      });

      it('hold across instances of the app: they count in the shared database', async () => {
        const address = '203.0.113.43';
        const other = await createTestApp({
          store,
          databaseUri: t.databaseUri,
          clock: t.clock,
          env: {
            TRUST_PROXY: 'true',
            NEW_SESSIONS_PER_IP: '5',
            NEW_SESSIONS_WINDOW_SECONDS: String(WINDOW_SECONDS),
          },
        });
        try {
          for (let i = 0; i < 5; i++)
            await request(i % 2 === 0 ? t.server : other.server)
              .get('/')
              .set('X-Forwarded-For', address)
              .expect(200);
          for (const server of [t.server, other.server])
            await request(server)
              .get('/')
              .set('X-Forwarded-For', address)
              .expect(429);
        } finally {
          await other.close();
        }
      });
    });
  },
);
