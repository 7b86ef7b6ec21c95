import { sign } from 'cookie-signature';
import request from 'supertest';
import {
  DEMO,
  postLogin,
  postLogout,
  postRegister,
  sessionIdSet,
} from './utils/auth.js';
import { cookiePair, setCookies } from './utils/cookies.js';
import { csrfTokenOf, csrfPass, postWith } from './utils/forms.js';
import { TEST_SECRET, useTestApp } from './utils/test-app.js';
import { keyOf } from './utils/session-helpers.js';
import { UrlForService } from '../src/common/routing/url-for.service.js';

describe('Security of the logged-in session', () => {
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

  describe('caching (case 7)', () => {
    it('marks every page a logged-in visitor sees no-store, and keeps helmet headers on them', async () => {
      const { agent } = await loggedInBrowser();
      for (const path of [
        '/',
        '/session',
        '/secret',
        '/userinfo',
        '/logout',
        '/login',
      ]) {
        const res = await agent.get(path).expect(200);
        expect([path, res.headers['cache-control']]).toEqual([
          path,
          'no-store',
        ]);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toContain(
          "frame-ancestors 'none'",
        );
      }
      // An anonymous visitor's too (test/security-floods.e2e-spec.ts: every page).
      const anonymous = await request(t.server).get('/login').expect(200);
      expect(anonymous.headers['cache-control']).toBe('no-store');
    });
  });

  describe('fixation (case 3)', () => {
    it('a planted, validly signed ID is not adopted at login', async () => {
      const planted = 'planted-before-login-0123456789ab';
      const cookie = `sid=${encodeURIComponent(`s:${sign(planted, TEST_SECRET)}`)}`;
      const login = await postLogin(request(t.server), DEMO, {
        cookie,
      }).expect(303);
      const id = sessionIdSet(login);
      expect(id).toBeDefined();
      expect(id).not.toBe(planted);
      expect(await sessions().findOne({ _id: keyOf(planted) })).toBeNull();
      const replay = await request(t.server)
        .get('/secret')
        .set('Cookie', cookie)
        .expect(303);
      expect(replay.headers.location).toBe('/login?next=%2Fsecret');
    });
  });

  describe('CSRF (case 8)', () => {
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

    it('every POST route without a token: 403, nothing changes (a form, then JSON)', async () => {
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

    it("every POST route with another session's token: 403, nothing changes", async () => {
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

    it('every POST route with the pre-login token after login: 403, nothing changes', async () => {
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
      // Another visitor's anonymous token does not (it is not their cookie's).
      const other = csrfTokenOf(
        (await request.agent(t.server).get('/login')).text,
      );
      await agent
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: other })
        .expect(403);

      const { agent: user } = await loggedInBrowser();
      const loggedInToken = csrfTokenOf((await user.get('/session')).text);
      await postLogout(user).expect(303);
      await user
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: loggedInToken })
        .expect(403);
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

  describe('hostile input (case 9)', () => {
    const polluted = () =>
      Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin') ||
      Object.prototype.hasOwnProperty.call(Object.prototype, 'x') ||
      ({} as Record<string, unknown>).isAdmin !== undefined;

    it.each([
      ['form __proto__[x]', `email=${DEMO.email}&password=1234&__proto__[x]=1`],
      [
        'form __proto__[isAdmin]',
        `email=${DEMO.email}&password=1234&__proto__[isAdmin]=true`,
      ],
      ['form constructor[prototype]', `${'constructor[prototype][isAdmin]'}=1`],
      // The form parser drops this field by itself: refused all the same.
      ['form __proto__', `email=${DEMO.email}&password=1234&__proto__=1`],
      ['form email[$ne]', 'email[$ne]=&password[$ne]='],
    ])(
      'login with %s: 400, no session, Object.prototype untouched',
      async (_name, body) => {
        const pass = await csrfPass(request(t.server), '/login');
        const res = await postWith(request(t.server), '/login', pass)
          .type('form')
          .send(`${body}&_csrf=${encodeURIComponent(pass.token)}`);
        expect(res.status).toBe(400);
        expect(cookiePair(res, 'sid')).toBeUndefined();
        expect(polluted()).toBe(false);
      },
    );

    it.each([
      [
        '__proto__',
        `{"email":"${DEMO.email}","password":"1234","__proto__":{"isAdmin":true}}`,
      ],
      [
        'constructor.prototype',
        `{"email":"${DEMO.email}","password":"1234","constructor":{"prototype":{"isAdmin":true}}}`,
      ],
      ['$where', `{"email":{"$where":"1"},"password":"1234"}`],
      ['$regex', `{"email":{"$regex":".*"},"password":"1234"}`],
    ])(
      'login with JSON %s: 400, no session, Object.prototype untouched',
      async (_name, body) => {
        const pass = await csrfPass(request(t.server), '/login');
        const res = await postWith(request(t.server), '/login', pass)
          .set('Accept', 'application/json')
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(cookiePair(res, 'sid')).toBeUndefined();
        expect(polluted()).toBe(false);
      },
    );

    it('register with isAdmin or __proto__ fields: 400, no account', async () => {
      const users = t.connection.collection('users');
      const before = await users.countDocuments();
      const fields = {
        email: 'mass-assign@example.com',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      };
      await postRegister(request(t.server), {
        ...fields,
        isAdmin: 'true',
      }).expect(400);
      const pass = await csrfPass(request(t.server), '/register');
      await postWith(request(t.server), '/register', pass)
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/json')
        .send(
          `{"email":"${fields.email}","password":"${fields.password}","confirm":"${fields.password}","__proto__":{"isAdmin":true}}`,
        )
        .expect(400);
      expect(await users.countDocuments()).toBe(before);
      expect(polluted()).toBe(false);
    });
  });

  describe('escaping (case 10)', () => {
    it('shows HTML typed into a failed login email escaped exactly once', async () => {
      const email = '"><script>alert(1)</script>@x.example';
      const res = await postLogin(request(t.server), {
        email,
        password: 'x',
      });
      expect([400, 401]).toContain(res.status);
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain(
        'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.example"',
      );
      expect(res.text).not.toContain('&amp;lt;');
      expect(res.text).not.toContain('&amp;quot;');
    });

    it('shows HTML stored in a session value escaped exactly once, in the page and the flash', async () => {
      const agent = request.agent(t.server);
      const value = '<img src=x onerror=alert(1)>';
      const page = await agent.get('/session');
      await agent
        .post('/session')
        .type('form')
        .send({ key: 'html', value, _csrf: csrfTokenOf(page.text) })
        .expect(303);
      const shown = await agent.get('/session').expect(200);
      expect(shown.text).not.toContain(value);
      expect(shown.text).toContain(
        '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
      );
      expect(shown.text).not.toContain('&amp;lt;');

      await agent
        .post('/session/pop')
        .type('form')
        .send({ key: 'html', _csrf: csrfTokenOf(shown.text) })
        .expect(303);
      const flashed = await agent.get('/session').expect(200);
      expect(flashed.text).toContain('Removed session[&quot;html&quot;]');
      expect(flashed.text).not.toContain(value);
      expect(flashed.text).toContain('&lt;img src&#x3D;x');
      expect(flashed.text).not.toContain('&amp;lt;');
    });
  });
});

describe('Session timeouts on the server (case 6)', () => {
  const IDLE_MS = 5_000;
  const ABSOLUTE_MS = 9_000;
  const t = useTestApp({
    env: {
      SESSION_IDLE_MINUTES: String(IDLE_MS / 60_000),
      SESSION_ABSOLUTE_HOURS: String(ABSOLUTE_MS / 3_600_000),
      SESSION_TOUCH_AFTER_SECONDS: '0',
    },
  });

  async function expectExpired(
    agent: ReturnType<typeof request.agent>,
    id: string,
  ) {
    const denied = await agent.get('/secret').expect(303);
    expect(denied.headers.location).toBe('/login?next=%2Fsecret');
    const login = await agent.get(denied.headers.location).expect(200);
    expect(login.text).toContain('Your session has expired');
    expect(
      await t.connection
        .collection('sessions')
        .findOne({ _id: keyOf(id) as never }),
    ).toBeNull();
  }

  it('ends a login left idle longer than the idle timeout, not before', async () => {
    const agent = request.agent(t.server);
    const login = await postLogin(agent, DEMO).expect(303);
    await agent.get('/secret').expect(200);
    t.clock.advance(IDLE_MS - 1_000);
    await agent.get('/secret').expect(200);
    t.clock.advance(IDLE_MS + 1);
    await expectExpired(agent, sessionIdSet(login)!);
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
    await expectExpired(agent, sessionIdSet(login)!);
  });
});

describe('no Set-Cookie at all for a returning anonymous visitor (case 2)', () => {
  const t = useTestApp();

  it('sets only the CSRF cookie on the first GET /login, and nothing after', async () => {
    const before = await t.connection.collection('sessions').countDocuments();
    const first = await request(t.server).get('/login').expect(200);
    const cookies = setCookies(first);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^csrf=/);
    const again = await request(t.server)
      .get('/login')
      .set('Cookie', cookiePair(first, 'csrf')!)
      .expect(200);
    expect(setCookies(again)).toEqual([]);
    expect(await t.connection.collection('sessions').countDocuments()).toBe(
      before,
    );
  });
});
