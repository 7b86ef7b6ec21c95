import request, { type Response } from 'supertest';
import { UsersService } from '../src/users/users.service.js';
import { cookiePair, sessionIdOf } from './utils/cookies.js';
import { csrfAgent, csrfPass, postForm, postWith } from './utils/forms.js';
import { CapturedLog, type LogRecord } from './utils/log-capture.js';
import { useTestApp } from './utils/test-app.js';

const WHO = {
  email: 'audited@example.com',
  password: 'audited user passphrase',
};
const NEW_PASSWORD = 'a fresh audited passphrase';

/**
 * Authentication events are logged as structured records (the framework's
 * JSON logger), each with the request's ID, never a password or a whole
 * session ID.
 */
describe('Authentication events in the log', () => {
  const log = new CapturedLog();
  const t = useTestApp({
    logger: log,
    env: { LOGIN_MAX_FAILURES_PER_CLIENT: '2' },
  });

  beforeAll(async () => {
    await t.app.get(UsersService).create(WHO.email, WHO.password);
  });

  /** The records of one event, with their fields. */
  const events = (name: string): LogRecord[] =>
    log.records.filter((record) => record.event === name);

  /** The one record of `name` written for the request that got `res`. */
  function eventOf(name: string, res: Response): LogRecord {
    const id = res.headers['x-request-id'] as string | undefined;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const found = events(name).filter((record) => record.requestId === id);
    expect([name, found.length]).toEqual([name, 1]);
    return found[0];
  }

  it('records each kind, with what an operator needs and nothing secret', async () => {
    const sessionIds: string[] = [];

    const failed = await postForm(request(t.server), '/login', {
      email: WHO.email,
      password: 'a wrong guess',
    }).expect(401);
    expect(eventOf('login.failed', failed)).toMatchObject({
      level: 'warn',
      context: 'AuthEvents',
      email: WHO.email,
      ip: expect.stringMatching(/127\.0\.0\.1/) as unknown,
      method: 'POST',
      path: '/login',
    });

    await postForm(request(t.server), '/login', {
      email: WHO.email,
      password: 'another wrong guess',
    }).expect(401);
    const throttled = await postForm(request(t.server), '/login', {
      email: WHO.email,
      password: 'a third wrong guess',
    }).expect(429);
    expect(eventOf('login.throttled', throttled)).toMatchObject({
      level: 'warn',
      email: WHO.email,
      retryAfterSeconds: expect.any(Number) as unknown,
    });
    t.clock.advance(15 * 60_000);

    const browser = await csrfAgent(t.server);
    const login = await postForm(browser, '/login', WHO).expect(303);
    sessionIds.push(sessionIdOf(cookiePair(login, 'sid')!));
    const ok = eventOf('login.succeeded', login);
    expect(ok).toMatchObject({ level: 'log', email: WHO.email });
    expect(ok.userId).toEqual(expect.any(String));
    expect(ok.session).toMatch(/^[0-9a-f]{8}$/);

    const other = await csrfAgent(t.server);
    sessionIds.push(
      sessionIdOf(
        cookiePair(await postForm(other, '/login', WHO).expect(303), 'sid')!,
      ),
    );
    const sessionsPage = await browser.get('/account/sessions').expect(200);
    const ref = /data-ref="([^"]+)"(?! data-current)/.exec(
      sessionsPage.text,
    )![1];
    const revoked = await postForm(
      browser,
      `/account/sessions/${ref}/revoke`,
      {},
      { page: '/account/sessions' },
    ).expect(303);
    expect(eventOf('session.revoked', revoked)).toMatchObject({
      userId: ok.userId,
      revoked: ref,
    });

    const wrongChange = await postForm(browser, '/account/password', {
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }).expect(400);
    expect(eventOf('password.check_failed', wrongChange)).toMatchObject({
      level: 'warn',
      userId: ok.userId,
    });
    const changed = await postForm(browser, '/account/password', {
      currentPassword: WHO.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }).expect(303);
    sessionIds.push(sessionIdOf(cookiePair(changed, 'sid')!));
    expect(eventOf('password.changed', changed)).toMatchObject({
      userId: ok.userId,
      otherSessionsEnded: 0,
    });

    const logout = await postForm(browser, '/logout').expect(303);
    expect(eventOf('logout', logout)).toMatchObject({ userId: ok.userId });

    const noToken = await request(t.server)
      .post('/counter/reset')
      .type('form')
      .send({})
      .expect(403);
    expect(eventOf('csrf.refused', noToken)).toMatchObject({
      level: 'warn',
      reason: 'token',
      path: '/counter/reset',
    });
    const pass = await csrfPass(request(t.server), '/login');
    const crossSite = await postWith(request(t.server), '/counter/reset', pass)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: pass.token })
      .expect(403);
    expect(eventOf('csrf.refused', crossSite)).toMatchObject({
      reason: 'cross-origin',
      origin: 'https://evil.example',
    });

    // Nothing secret in any line: passwords, session IDs, CSRF tokens.
    const everything = log.lines().join('\n');
    for (const secret of [
      WHO.password,
      NEW_PASSWORD,
      'a wrong guess',
      'not my password',
      pass.token,
      ...sessionIds,
    ])
      expect([secret, everything.includes(secret)]).toEqual([secret, false]);
  });

  it("makes its own request ID rather than keep the client's while TRUST_PROXY is off", async () => {
    const res = await request(t.server)
      .get('/login')
      .set('X-Request-Id', 'from-the-client-1234');
    expect(res.headers['x-request-id']).not.toBe('from-the-client-1234');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
