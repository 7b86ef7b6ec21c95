import request from 'supertest';
import { cookiePair, setCookies } from './utils/cookies.js';
import {
  DEMO,
  postLogin,
  postLogout,
  postRegister,
  recordQueries,
  sessionIdSet,
} from './utils/auth.js';
import { csrfPass, postWith } from './utils/forms.js';
import { countOf, findSession, signedSid } from './utils/session-helpers.js';
import {
  createTestApp,
  dropDatabase,
  TEST_SECRET,
  useTestApp,
} from './utils/test-app.js';

const formError = (html: string): string | undefined =>
  /data-testid="form-error">([^<]*)</.exec(html)?.[1];

describe('Authentication', () => {
  // Every test logs in from 127.0.0.1 with the demo account; throttling has a suite of its own.
  const t = useTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
      LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
      REGISTER_MAX_PER_IP: '1000',
    },
  });

  const users = () => t.connection.collection('users');
  const attempts = () => t.connection.collection('login_attempts');
  const sessionDoc = (id: string) => findSession(t, id);

  describe('the demo account and the protected pages', () => {
    it('is seeded once: a second instance on the same database adds no copy', async () => {
      const second = await createTestApp({ databaseUri: t.databaseUri });
      await second.close();
      const docs = await users().find({ email: DEMO.email }).toArray();
      expect(docs).toHaveLength(1);
      expect(docs[0].passwordHash).toMatch(
        /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
      );
      expect(docs[0].createdAt).toBeInstanceOf(Date);
    });

    it('is not created when SEED_DEMO_USER=false', async () => {
      const bare = await createTestApp({ env: { SEED_DEMO_USER: 'false' } });
      try {
        expect(await bare.connection.collection('users').countDocuments()).toBe(
          0,
        );
        await postLogin(request(bare.server), DEMO).expect(401);
      } finally {
        await bare.close();
        await dropDatabase(bare.databaseUri);
      }
    });

    it('logs in, then /secret and /userinfo answer 200', async () => {
      const agent = request.agent(t.server);
      const res = await postLogin(agent, DEMO).expect(303);
      expect(res.headers.location).toBe('/userinfo');

      const info = await agent.get('/userinfo').expect(200);
      expect(info.text).toContain('You are logged in');
      expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
      expect(info.text).toMatch(
        /data-testid="expires"><time datetime="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC">/,
      );
      expect(info.text).toMatch(
        /data-testid="logged-in-at"><time datetime="\d{4}-/,
      );
      expect(info.headers['cache-control']).toBe('no-store');
      // Shown once.
      expect((await agent.get('/userinfo').expect(200)).text).not.toContain(
        'You are logged in',
      );

      const secret = await agent.get('/secret').expect(200);
      expect(secret.text).toContain('This is a secret page');
      expect(secret.text).toContain('data-testid="nav-user">admin@nomades.ch<');
      expect(secret.text).not.toContain('>Log in</a>');
    });

    it('matches the email whatever its case and surrounding spaces', async () => {
      await postLogin(request(t.server), {
        email: '  Admin@Nomades.CH ',
        password: DEMO.password,
      }).expect(303);
    });

    it('sends an anonymous browser to the login form with next and a flash', async () => {
      const agent = request.agent(t.server);
      const home = await agent.get('/').expect(200);
      expect(home.text).toContain('>Log in</a>');
      expect(home.text).toContain('>Register</a>');
      expect(home.text).not.toContain('data-testid="nav-user"');

      const denied = await agent.get('/secret').expect(303);
      expect(denied.headers.location).toBe('/login?next=%2Fsecret');
      const form = await agent.get(denied.headers.location).expect(200);
      expect(form.text).toContain('Please log in to see this page');
      expect(form.text).toContain('name="next" value="/secret"');

      const login = await postLogin(agent, { ...DEMO, next: '/secret' }).expect(
        303,
      );
      expect(login.headers.location).toBe('/secret');
      await agent.get('/secret').expect(200);
    });

    it('keeps the query string of the page asked for', async () => {
      const res = await request(t.server).get('/userinfo?tab=1').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fuserinfo%3Ftab%3D1');
    });

    it('answers JSON clients with 401 and no redirect', async () => {
      for (const path of ['/secret', '/userinfo']) {
        const res = await request(t.server)
          .get(path)
          .set('Accept', 'application/json')
          .expect(401)
          .expect('Content-Type', /json/);
        expect(res.headers.location).toBeUndefined();
        expect(res.body).toMatchObject({
          statusCode: 401,
          message: 'Please log in to see this page',
        });
      }
    });

    it('makes the session permanent only when "keep me signed in" is ticked', async () => {
      const plain = await postLogin(request(t.server), DEMO).expect(303);
      const plainCookie = setCookies(plain).find((c) => c.startsWith('sid='));
      expect(plainCookie).not.toMatch(/Expires=|Max-Age=/i);

      const agent = request.agent(t.server);
      const remembered = await postLogin(agent, {
        ...DEMO,
        remember: '1',
      }).expect(303);
      const cookie = setCookies(remembered).find((c) => c.startsWith('sid='));
      expect(cookie).toMatch(/Expires=/i);
      expect(cookie).toMatch(/Max-Age=(1799|1800)(;|$)/i);
      const info = await agent.get('/userinfo').expect(200);
      expect(info.text).toContain('data-testid="permanent">yes<');
    });
  });

  describe('the session ID at login (fixation)', () => {
    it('changes, the pre-login ID is dead, and the counter goes on', async () => {
      const first = await request(t.server).get('/').expect(200);
      const preLoginId = sessionIdSet(first)!;
      const preLoginCookie = cookiePair(first, 'sid')!;
      const second = await request(t.server)
        .get('/')
        .set('Cookie', preLoginCookie)
        .expect(200);
      expect(countOf(second.text)).toBe(2);
      expect(await sessionDoc(preLoginId)).not.toBeNull();

      const login = await postLogin(request(t.server), DEMO, {
        cookie: preLoginCookie,
      });
      const loggedInId = sessionIdSet(login);
      expect(login.status).toBe(303);
      expect(loggedInId).toBeDefined();
      expect(loggedInId).not.toBe(preLoginId);
      expect(await sessionDoc(preLoginId)).toBeNull();
      const stored = await sessionDoc(loggedInId!);
      expect(stored).toMatchObject({
        session: { count: 2, loggedin: true, user: { email: DEMO.email } },
      });

      // The pre-login cookie gives nothing of the new session.
      const replay = await request(t.server)
        .get('/secret')
        .set('Cookie', preLoginCookie)
        .expect(303);
      expect(replay.headers.location).toMatch(/^\/login\?next=/);
      const replayHome = await request(t.server)
        .get('/')
        .set('Cookie', preLoginCookie)
        .expect(200);
      expect(countOf(replayHome.text)).toBe(1);
      expect(sessionIdSet(replayHome)).not.toBe(preLoginId);

      const loggedInCookie = cookiePair(login, 'sid')!;
      const after = await request(t.server)
        .get('/')
        .set('Cookie', loggedInCookie)
        .expect(200);
      expect(countOf(after.text)).toBe(3);
      await request(t.server)
        .get('/secret')
        .set('Cookie', loggedInCookie)
        .expect(200);
    });

    it('a planted, validly signed ID the store never issued is not adopted at login', async () => {
      const planted = 'planted-before-login-0123456789ab';
      const cookie = signedSid(planted, TEST_SECRET);
      const login = await postLogin(request(t.server), DEMO, {
        cookie,
      }).expect(303);
      const id = sessionIdSet(login);
      expect(id).toBeDefined();
      expect(id).not.toBe(planted);
      expect(await sessionDoc(planted)).toBeNull();
      const replay = await request(t.server)
        .get('/secret')
        .set('Cookie', cookie)
        .expect(303);
      expect(replay.headers.location).toBe('/login?next=%2Fsecret');
    });
  });

  describe('logout', () => {
    /** A visitor who counted twice and logged in: their agent and session ID. */
    async function loggedInVisitor() {
      const agent = request.agent(t.server);
      await agent.get('/');
      await agent.get('/');
      const login = await postLogin(agent, DEMO).expect(303);
      const cookie = cookiePair(login, 'sid')!;
      await agent.get('/userinfo').expect(200); // shows the login flash
      return { agent, cookie, id: sessionIdSet(login)! };
    }

    it('GET /logout shows both buttons and changes nothing', async () => {
      const { agent, id } = await loggedInVisitor();
      const before = await sessionDoc(id);
      const page = await agent.get('/logout').expect(200);
      expect(
        page.text.match(/<form method="post" action="\/logout">/g),
      ).toHaveLength(
        // the two buttons of the page and the one in the navigation
        3,
      );
      expect(page.text).toContain('name="keep" value="1"');
      const after = await sessionDoc(id);
      expect(after?.session).toEqual(before?.session);
      await agent.get('/secret').expect(200);
    });

    it('POST /logout destroys the whole session', async () => {
      const { agent, cookie, id } = await loggedInVisitor();
      const res = await postLogout(agent).expect(303);
      expect(res.headers.location).toBe('/login');
      const newId = sessionIdSet(res);
      expect(newId).toBeDefined();
      expect(newId).not.toBe(id);
      expect(await sessionDoc(id)).toBeNull();
      expect((await sessionDoc(newId!))?.session).toEqual(
        expect.not.objectContaining({ count: expect.anything() }),
      );

      const login = await agent.get('/login').expect(200);
      expect(login.text).toContain('You are logged out');
      expect(login.text).toContain('>Log in</a>');
      await agent.get('/secret').expect(303);
      expect(countOf((await agent.get('/').expect(200)).text)).toBe(1);

      // The old cookie gives a fresh, anonymous session.
      const replay = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(replay.text)).toBe(1);
      expect(sessionIdSet(replay)).not.toBe(id);
      const replaySecret = await request(t.server)
        .get('/secret')
        .set('Cookie', cookie)
        .expect(303);
      expect(replaySecret.headers.location).toBe('/login?next=%2Fsecret');
    });

    it('POST /logout with keep=1 ends the login only', async () => {
      const { agent, cookie, id } = await loggedInVisitor();
      const res = await postLogout(agent, { keep: '1' }).expect(303);
      expect(res.headers.location).toBe('/login');
      const newId = sessionIdSet(res)!;
      expect(newId).not.toBe(id);
      expect(await sessionDoc(id)).toBeNull();
      const stored = await sessionDoc(newId);
      expect(stored?.session).toMatchObject({ count: 2, loggedin: false });
      expect(stored?.session).not.toHaveProperty('user');

      expect((await agent.get('/login').expect(200)).text).toContain(
        'You are logged out',
      );
      const denied = await agent.get('/secret').expect(303);
      expect(denied.headers.location).toBe('/login?next=%2Fsecret');
      expect(countOf((await agent.get('/').expect(200)).text)).toBe(3);
      await request(t.server).get('/secret').set('Cookie', cookie).expect(303);
    });

    it('refuses an unknown keep value with 400 and keeps the login', async () => {
      const { agent } = await loggedInVisitor();
      await postLogout(agent, { keep: 'yes' }).expect(400);
      await agent.get('/secret').expect(200);
    });
  });

  describe('failed logins', () => {
    it('answers a wrong password and an unknown email alike: 401, one message, email kept', async () => {
      // One browser tries both, so both pages carry the same CSRF token.
      const pass = await csrfPass(request(t.server), '/login');
      const attempt = (email: string) =>
        postWith(request(t.server), '/login', pass)
          .type('form')
          .send({ email, password: 'not-the-password', _csrf: pass.token })
          .expect(401);
      const wrong = await attempt(DEMO.email);
      const unknown = await attempt('nobody@nomades.ch');
      expect(formError(wrong.text)).toBe('Invalid email or password');
      expect(formError(unknown.text)).toBe('Invalid email or password');
      expect(wrong.text).toContain(`value="${DEMO.email}"`);
      expect(wrong.text).not.toContain('not-the-password');
      expect(wrong.text.replace(DEMO.email, 'E')).toBe(
        unknown.text.replace('nobody@nomades.ch', 'E'),
      );
      // A failed login stores nothing, so it creates no session.
      expect(setCookies(wrong)).toEqual([]);
    });

    it('spends the hashing time on an unknown email too', async () => {
      const median = async (email: string): Promise<number> => {
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          const start = process.hrtime.bigint();
          await postLogin(request(t.server), {
            email,
            password: 'wrong',
          }).expect(401);
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        return times.sort((a, b) => a - b)[3];
      };
      const wrongPassword = await median(DEMO.email);
      const unknownEmail = await median('nobody@nomades.ch');
      // Skipping the hash would make unknown emails several times faster; the bound leaves room for a busy machine.
      expect(unknownEmail).toBeGreaterThan(wrongPassword * 0.5);
    });

    it('answers JSON clients with 401 JSON', async () => {
      const pass = await csrfPass(request(t.server), '/login');
      const res = await postWith(request(t.server), '/login', pass)
        .set('Accept', 'application/json')
        .send({ email: DEMO.email, password: 'nope' })
        .expect(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        message: 'Invalid email or password',
      });
    });

    it('escapes HTML typed into the email', async () => {
      const res = await postLogin(request(t.server), {
        email: '<script>alert(1)</script>@x.example',
        password: 'x',
      }).expect(401);
      expect(res.text).not.toContain('<script>alert(1)');
      expect(res.text).toContain('&lt;script&gt;');
    });
  });

  describe('hostile login bodies are refused with 400 before any query', () => {
    const jsonBodies: [string, unknown][] = [
      ['an operator as email', { email: { $ne: null }, password: 'x' }],
      [
        'an operator as password',
        { email: DEMO.email, password: { $ne: null } },
      ],
      ['an array as email', { email: [DEMO.email], password: DEMO.password }],
      ['an array as body', [DEMO.email, DEMO.password]],
      ['a missing password', { email: DEMO.email }],
      ['a missing email', { password: DEMO.password }],
      ['an empty object', {}],
      ['an extra field', { ...DEMO, isAdmin: true }],
      ['a number as password', { email: DEMO.email, password: 1234 }],
      ['a 10 KB password', { email: DEMO.email, password: 'x'.repeat(10_240) }],
    ];
    const formBodies: [string, string][] = [
      ['operator syntax', 'email[$ne]=&password=x'],
      ['a repeated field (array)', `email=${DEMO.email}&email=x&password=1234`],
      ['a missing field', 'password=1234'],
      ['an empty body', ''],
    ];

    async function expectRefusedBeforeAnyQuery(
      send: () => Promise<request.Response>,
    ): Promise<request.Response> {
      const attemptsBefore = await attempts().countDocuments();
      const queries = recordQueries(t.connection);
      let res: request.Response;
      try {
        res = await send();
      } finally {
        queries.stop();
      }
      expect(res.status).toBe(400);
      expect(queries.collections).toEqual([]);
      expect(await attempts().countDocuments()).toBe(attemptsBefore);
      expect(cookiePair(res, 'sid')).toBeUndefined();
      return res;
    }

    it('sees the queries a normal failed login sends (so the check below can fail)', async () => {
      const queries = recordQueries(t.connection);
      try {
        await postLogin(request(t.server), {
          email: DEMO.email,
          password: 'wrong',
        }).expect(401);
      } finally {
        queries.stop();
      }
      expect(queries.collections).toEqual(
        expect.arrayContaining(['users', 'login_attempts']),
      );
    });

    it.each(jsonBodies)('JSON with %s', async (_name, body) => {
      const pass = await csrfPass(request(t.server), '/login');
      const res = await expectRefusedBeforeAnyQuery(() =>
        postWith(request(t.server), '/login', pass)
          .set('Accept', 'application/json')
          .send(body as object),
      );
      expect(res.body).toMatchObject({ statusCode: 400 });
    });

    it.each(formBodies)('a form with %s', async (_name, body) => {
      const pass = await csrfPass(request(t.server), '/login');
      const field = `_csrf=${encodeURIComponent(pass.token)}`;
      const res = await expectRefusedBeforeAnyQuery(() =>
        postWith(request(t.server), '/login', pass)
          .type('form')
          .send(body ? `${body}&${field}` : field),
      );
      expect(res.text).toContain('The form was not accepted');
    });

    it('refuses a body with no content type', async () => {
      const pass = await csrfPass(request(t.server), '/login');
      await expectRefusedBeforeAnyQuery(() =>
        postWith(request(t.server), '/login', pass),
      );
    });
  });

  describe('next after login (open redirects)', () => {
    it.each([
      '//elsewhere.example',
      'https://elsewhere.example',
      '/\\elsewhere.example',
      '/\t/elsewhere.example',
      'secret',
    ])('%j goes to /userinfo', async (next) => {
      const res = await postLogin(request(t.server), { ...DEMO, next }).expect(
        303,
      );
      expect(res.headers.location).toBe('/userinfo');
    });

    it('is not put into the form when it is not local', async () => {
      const res = await request(t.server)
        .get('/login')
        .query({ next: '//elsewhere.example' })
        .expect(200);
      expect(res.text).toContain('name="next" value=""');
    });
  });

  describe('registration', () => {
    const register = (fields: Record<string, string>) =>
      postRegister(request(t.server), fields);

    it('creates the account without logging anyone in; the new user then logs in', async () => {
      const agent = request.agent(t.server);
      await agent.get('/');
      const res = await postRegister(agent, {
        email: ' New.User@Example.com ',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      }).expect(303);
      expect(res.headers.location).toBe('/login');
      const page = await agent.get('/login').expect(200);
      expect(page.text).toContain('Registration done: log in with this email');
      expect((await agent.get('/userinfo')).status).toBe(303);
      // The visitor's session went on (the counter), without a login.
      expect(countOf((await agent.get('/').expect(200)).text)).toBe(2);

      const user = await users().findOne({ email: 'new.user@example.com' });
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user?.createdAt).toBeInstanceOf(Date);

      await postLogin(agent, {
        email: 'new.user@example.com',
        password: 'a long enough pass',
      }).expect(303);
      const info = await agent.get('/userinfo').expect(200);
      expect(info.text).toContain('data-testid="email">new.user@example.com<');
    });

    it('keeps a local next for the login that follows', async () => {
      const res = await register({
        email: 'next.user@example.com',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
        next: '/secret',
      }).expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fsecret');
    });

    it('answers a taken email as a new one, never a 500, and leaves its account alone', async () => {
      const res = await register({
        email: 'ADMIN@nomades.ch',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      }).expect(303);
      expect(res.headers.location).toBe('/login');
      expect(await users().countDocuments({ email: DEMO.email })).toBe(1);
      await postLogin(request(t.server), DEMO).expect(303);
    });

    it('lets only one of two simultaneous sign-ups with one email make an account', async () => {
      const fields = {
        email: 'race@example.com',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      };
      const results = await Promise.all([register(fields), register(fields)]);
      expect(results.map((r) => r.status)).toEqual([303, 303]);
      expect(await users().countDocuments({ email: 'race@example.com' })).toBe(
        1,
      );
    });

    it.each([
      [
        'a weak password',
        { email: 'weak@example.com', password: 'short', confirm: 'short' },
        'password must be at least 8 characters',
      ],
      [
        'a password over 128 characters',
        {
          email: 'long@example.com',
          password: 'x'.repeat(129),
          confirm: 'x'.repeat(129),
        },
        'password must be at most 128 characters',
      ],
      [
        'a mismatched confirmation',
        {
          email: 'mismatch@example.com',
          password: 'a long enough pass',
          confirm: 'another long pass',
        },
        'the two passwords must be the same',
      ],
      [
        'an invalid email',
        {
          email: 'not-an-email',
          password: 'a long enough pass',
          confirm: 'a long enough pass',
        },
        'email must be a valid email address',
      ],
    ])('refuses %s with 400 and says why', async (_name, fields, message) => {
      const before = await users().countDocuments();
      const res = await register(fields).expect(400);
      expect(res.text).toContain(message);
      expect(res.text).not.toContain(fields.password);
      expect(await users().countDocuments()).toBe(before);
    });

    it('refuses an object as email with 400', async () => {
      const pass = await csrfPass(request(t.server), '/register');
      await postWith(request(t.server), '/register', pass)
        .set('Accept', 'application/json')
        .send({
          email: { $gt: '' },
          password: 'a long enough pass',
          confirm: 'a long enough pass',
        })
        .expect(400);
    });
  });
});
