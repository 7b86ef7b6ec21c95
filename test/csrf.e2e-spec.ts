import request from 'supertest';
import { DEMO, postLogin, postLogout, sessionIdSet } from './utils/auth.js';
import { cookiePair } from './utils/cookies.js';
import { csrfTokenOf, csrfPass, postWith } from './utils/forms.js';
import { countOf, keyOf } from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';
import { UrlForService } from '../src/common/routing/url-for.service.js';

describe('CSRF', () => {
  const t = useTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
      LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
    },
  });
  const sessions = () =>
    t.connection.collection<{ _id: string; session: Record<string, unknown> }>(
      'sessions',
    );

  /** A browser that counted twice, stored a key and logged in. */
  async function loggedInBrowser() {
    const agent = request.agent(t.server);
    await agent.get('/');
    await agent.get('/');
    const login = await postLogin(agent, DEMO).expect(303);
    await agent.get('/userinfo').expect(200); // shows the login flash
    const id = sessionIdSet(login)!;
    return { agent, id, cookie: cookiePair(login, 'sid')! };
  }

  describe('every POST route the app registers', () => {
    /** Fields that would change something if the form were accepted; {} for forms without fields. */
    const FIELDS: Record<string, Record<string, string>> = {
      '/session': { key: 'colour', value: 'red' },
      '/session/pop': { key: 'colour' },
      '/login': { email: 'other@example.com', password: 'x' },
      '/register': {
        email: 'csrf-victim@example.com',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      },
      '/account/password': {
        currentPassword: DEMO.password,
        newPassword: 'another long enough pass',
        confirmPassword: 'another long enough pass',
      },
      '/course/timeout/permanent': { permanent: '1' },
      '/course/flash': { category: 'error' },
      '/course/language': { lang: 'fr' },
    };

    /**
     * Every POST route the app registers (a new one is covered without
     * anyone adding it), with its fields; a session's ref in the path is the
     * visitor's own session, so that an accepted form would end it.
     */
    function postRoutes(id: string): [string, Record<string, string>][] {
      const routes = t.app
        .get(UrlForService)
        .list()
        .filter((route) => route.method === 'POST')
        .map((route): [string, Record<string, string>] => [
          route.path.replace(':ref', keyOf(id).slice(0, 8)),
          FIELDS[route.path] ?? {},
        ]);
      // Not an empty loop: the app has these forms and more.
      expect(routes.length).toBeGreaterThanOrEqual(14);
      return routes;
    }

    /** What a refused POST must leave as it was: the session, every session, the users and their passwords. */
    async function snapshot(id: string) {
      const doc = await sessions().findOne({ _id: keyOf(id) });
      const users = await t.connection
        .collection('users')
        .find({}, { projection: { email: 1, passwordHash: 1 } })
        .sort({ email: 1 })
        .toArray();
      return {
        session: doc?.session,
        sessions: await sessions().countDocuments(),
        users,
      };
    }

    async function expectRefused(
      route: string,
      id: string,
      agent: ReturnType<typeof request.agent>,
      send: () => Promise<request.Response>,
    ) {
      const before = await snapshot(id);
      const res = await send();
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
      expect(res.text).toContain('This form has expired');
      // The same session (rolling renews its cookie), never a new one.
      expect([undefined, id]).toContain(sessionIdSet(res));
      expect({ route, after: await snapshot(id) }).toEqual({
        route,
        after: before,
      });
      await agent.get('/secret').expect(200);
    }

    it('without a token: 403, nothing changes (a form, then JSON)', async () => {
      const { agent, id } = await loggedInBrowser();
      await agent
        .post('/session')
        .type('form')
        .send({
          key: 'colour',
          value: 'blue',
          _csrf: csrfTokenOf((await agent.get('/session')).text),
        })
        .expect(303);
      await agent.get('/session').expect(200); // shows the flash
      for (const [action, fields] of postRoutes(id)) {
        await expectRefused(action, id, agent, () =>
          agent.post(action).type('form').send(fields),
        );
        await expectRefused(action, id, agent, () =>
          agent.post(action).set('Accept', 'application/json').send(fields),
        );
      }
    });

    it("with another session's token: 403, nothing changes", async () => {
      const alice = await loggedInBrowser();
      const mallory = await loggedInBrowser();
      const malloryPass = await csrfPass(
        request(t.server),
        '/session',
        mallory.cookie,
      );
      const planted = malloryPass.cookies.find((c) => c.startsWith('csrf='))!;
      for (const [action, fields] of postRoutes(alice.id)) {
        // Mallory's token with Alice's own CSRF cookie (a token lifted from a page)…
        await expectRefused(action, alice.id, alice.agent, () =>
          alice.agent
            .post(action)
            .type('form')
            .send({ ...fields, _csrf: malloryPass.token }),
        );
        // …and with Mallory's CSRF cookie planted too (cookie tossing): bound to her session ID.
        await expectRefused(action, alice.id, alice.agent, () =>
          request(t.server)
            .post(action)
            .set('Cookie', `${alice.cookie}; ${planted}`)
            .type('form')
            .send({ ...fields, _csrf: malloryPass.token }),
        );
      }
    });

    it('with the pre-login token after login: 403, nothing changes', async () => {
      const agent = request.agent(t.server);
      await agent.get('/');
      const preLogin = csrfTokenOf((await agent.get('/login')).text);
      const login = await agent
        .post('/login')
        .type('form')
        .send({ ...DEMO, _csrf: preLogin })
        .expect(303);
      const id = sessionIdSet(login)!;
      await agent.get('/userinfo').expect(200); // shows the login flash
      for (const [action, fields] of postRoutes(id))
        await expectRefused(action, id, agent, () =>
          agent
            .post(action)
            .type('form')
            .send({ ...fields, _csrf: preLogin }),
        );
    });
  });

  describe('tokens', () => {
    it("refuses an anonymous visitor's POST without a token with 403 and changes nothing", async () => {
      const agent = request.agent(t.server);
      await agent.get('/');
      await agent.get('/');
      const res = await agent
        .post('/counter/reset')
        .type('form')
        .send({})
        .expect(403);
      expect(res.text).toContain('This form has expired');
      expect(countOf((await agent.get('/')).text)).toBe(3);
    });

    it('an anonymous token works for its own visitor until a login, and a token dies with logout', async () => {
      const agent = request.agent(t.server);
      const anonymous = csrfTokenOf((await agent.get('/login')).text);
      await agent.get('/'); // counts: the visitor now has a stored session
      // Tokens are bound to the login, not to the first stored key: a form
      // opened in another tab before the visitor stored anything still works.
      await agent
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: anonymous })
        .expect(303);
      expect(countOf((await agent.get('/')).text)).toBe(1);
      // Another visitor's anonymous token does not (it is not their cookie's), and changes nothing.
      const other = csrfTokenOf(
        (await request.agent(t.server).get('/login')).text,
      );
      await agent
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: other })
        .expect(403);
      expect(countOf((await agent.get('/')).text)).toBe(2);

      const { agent: user } = await loggedInBrowser();
      const loggedInToken = csrfTokenOf((await user.get('/session')).text);
      await postLogout(user).expect(303);
      await user
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: loggedInToken })
        .expect(403);
    });

    it('accepts the token as the x-csrf-token header for JSON clients', async () => {
      const agent = request.agent(t.server);
      const token = csrfTokenOf((await agent.get('/session')).text);
      await agent
        .post('/session')
        .set('x-csrf-token', token)
        .send({ key: 'colour', value: 'blue' })
        .expect(303);
      expect((await agent.get('/session')).text).toContain('blue');
    });

    it('login CSRF: a cookie-less GET then POST logs in with the token, and not without', async () => {
      const pass = await csrfPass(request(t.server), '/login');
      expect(pass.cookies).toHaveLength(1);
      // The CSRF cookie alone, no token: refused, no session.
      const noToken = await request(t.server)
        .post('/login')
        .set('Cookie', pass.cookies[0])
        .type('form')
        .send(DEMO)
        .expect(403);
      expect(cookiePair(noToken, 'sid')).toBeUndefined();
      // The token without its cookie (a forged form on another site): refused.
      await request(t.server)
        .post('/login')
        .type('form')
        .send({ ...DEMO, _csrf: pass.token })
        .expect(403);
      // A cross-site Origin with a valid token and cookie: refused.
      await postWith(request(t.server), '/login', pass)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ ...DEMO, _csrf: pass.token })
        .expect(403);
      const ok = await postWith(request(t.server), '/login', pass)
        .type('form')
        .send({ ...DEMO, _csrf: pass.token })
        .expect(303);
      expect(sessionIdSet(ok)).toBeDefined();
    });
  });

  describe('the cross-origin check', () => {
    it('refuses a request whose Origin or Sec-Fetch-Site is another site, even with a valid token', async () => {
      const agent = request.agent(t.server);
      const token = csrfTokenOf((await agent.get('/')).text);
      await agent
        .post('/counter/reset')
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ _csrf: token })
        .expect(403);
      await agent
        .post('/counter/reset')
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send({ _csrf: token })
        .expect(403);
      expect(countOf((await agent.get('/')).text)).toBe(2);
    });

    it('accepts a same-origin Origin header', async () => {
      const agent = request.agent(t.server);
      const page = await agent.get('/');
      const host = '127.0.0.1';
      await agent
        .post('/counter/reset')
        .set('Host', host)
        .set('Origin', `http://${host}`)
        .set('Sec-Fetch-Site', 'same-origin')
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text) })
        .expect(303);
    });
  });
});
