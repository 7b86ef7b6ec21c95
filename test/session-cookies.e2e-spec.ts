import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { sessionConfig } from '../src/config/session.config.js';
import { cookiePair, sessionCookieLines, setCookies } from './utils/cookies.js';
import {
  countOf,
  findSession,
  sidCookie,
  sidOf,
  signedSid,
  writeStoredKeys,
  countSessions,
} from './utils/session-helpers.js';
import {
  createTestApp,
  TEST_SECRET,
  withEnv,
  useTestApp,
} from './utils/test-app.js';

/** The attributes of a Set-Cookie line, lower-cased, without the name=value pair. */
function attributesOf(line: string): string[] {
  return line
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase());
}

describe('Session cookie', () => {
  const t = useTestApp();

  it('is `sid`, signed, HttpOnly, SameSite=Lax, Path=/, and ends with the browser', async () => {
    const res = await request(t.server).get('/').expect(200);
    const lines = sessionCookieLines(res);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatch(/^sid=s%3A[\w-]+\.[\w%+/-]+;/);
    const attributes = attributesOf(line);
    expect(attributes).toEqual(
      expect.arrayContaining(['path=/', 'httponly', 'samesite=lax']),
    );
    // No Max-Age or Expires: a browser-session cookie. No Secure outside production.
    expect(
      attributes.filter((a) => /^(max-age|expires)=/.test(a) || a === 'secure'),
    ).toEqual([]);
  });

  it('of a permanent session ("remember me") has a Max-Age of the idle timeout, renewed on each request', async () => {
    const idleMs = 30 * 60_000;
    const first = await request(t.server).get('/').expect(200);
    const cookie = sidCookie(first);
    // What SessionService.setPermanent(session, true) stores; the login route that calls it is the auth module's.
    const stored = await findSession(t, sidOf(first));
    await writeStoredKeys(t, sidOf(first), {
      cookie: {
        ...stored!.session.cookie!,
        originalMaxAge: idleMs,
        // Ten minutes older than a fresh one: a cookie sent again as stored would fail below.
        expires: new Date(Date.now() + idleMs - 10 * 60_000),
      },
    });
    for (let i = 0; i < 2; i++) {
      const before = Date.now();
      const res = await request(t.server)
        .get('/session')
        .set('Cookie', cookie)
        .expect(200);
      expect(res.text).toContain('data-testid="permanent">yes');
      const line = sessionCookieLines(res)[0];
      const expires = /Expires=([^;]+)/i.exec(line);
      expect(expires).not.toBeNull();
      const at = Date.parse(expires![1]);
      // Cookie dates have a one-second resolution.
      expect(at).toBeGreaterThanOrEqual(before + idleMs - 1_000);
      expect(at).toBeLessThanOrEqual(Date.now() + idleMs + 1_000);
      // Max-Age too, which browsers prefer to Expires (no clock skew).
      const maxAge = /Max-Age=(\d+)/i.exec(line);
      expect(maxAge).not.toBeNull();
      expect(Number(maxAge![1])).toBeGreaterThanOrEqual(idleMs / 1000 - 2);
      expect(Number(maxAge![1])).toBeLessThanOrEqual(idleMs / 1000);
    }
  });

  describe('visitors who store nothing', () => {
    it.each(['/session', '/health', '/no-such-page', '/static/css/main.css'])(
      'GET %s creates no session document and sets no session cookie',
      async (path) => {
        const before = await countSessions(t);
        const res = await request(t.server).get(path);
        expect(res.status).toBeLessThan(500);
        expect(sessionCookieLines(res)).toEqual([]);
        expect(await countSessions(t)).toBe(before);
      },
    );

    it('get no cookie at all, not even the CSRF one, from /health and static files', async () => {
      const before = await countSessions(t);
      for (const path of ['/health', '/static/css/main.css']) {
        const res = await request(t.server).get(path).expect(200);
        expect([path, setCookies(res)]).toEqual([path, []]);
      }
      expect(await countSessions(t)).toBe(before);
    });

    it('get only the CSRF cookie on a first GET /login, and no Set-Cookie at all when they come back', async () => {
      const before = await countSessions(t);
      const first = await request(t.server).get('/login').expect(200);
      const cookies = setCookies(first);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatch(/^csrf=/);
      const again = await request(t.server)
        .get('/login')
        .set('Cookie', cookiePair(first, 'csrf')!)
        .expect(200);
      expect(setCookies(again)).toEqual([]);
      expect(await countSessions(t)).toBe(before);
    });
  });

  describe('a cookie the app did not issue is treated as no cookie', () => {
    let cookie: string;
    let id: string;

    beforeAll(async () => {
      const res = await request(t.server).get('/').expect(200);
      cookie = sidCookie(res);
      id = sidOf(res);
    });

    async function expectFreshSession(badCookie: string): Promise<void> {
      const res = await request(t.server)
        .get('/')
        .set('Cookie', badCookie)
        .expect(200);
      expect(countOf(res.text)).toBe(1);
      const fresh = sidOf(res);
      expect(fresh).not.toBe(id);
      expect(await findSession(t, fresh)).not.toBeNull();
    }

    it('a tampered signature', async () => {
      const value = decodeURIComponent(cookie.slice('sid='.length));
      const last = value.at(-1) === 'A' ? 'B' : 'A';
      await expectFreshSession(
        `sid=${encodeURIComponent(value.slice(0, -1) + last)}`,
      );
      // The real session is untouched by the forgery.
      const real = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(real.text)).toBe(2);
    });

    it('a real session ID signed with another secret', async () => {
      await expectFreshSession(signedSid(id, 'some-other-secret'));
    });

    it('an unknown ID, validly signed, is not adopted (no session fixation)', async () => {
      const unknown = randomBytes(24).toString('base64url');
      const res = await request(t.server)
        .get('/')
        .set('Cookie', signedSid(unknown, TEST_SECRET))
        .expect(200);
      expect(countOf(res.text)).toBe(1);
      expect(sidOf(res)).not.toBe(unknown);
      expect(await findSession(t, unknown)).toBeNull();
    });

    it.each([
      ['not signed', 'sid=garbage'],
      ['an empty signed value', 'sid=s%3A'],
      ['only a dot', 'sid=s%3A.'],
      ['broken percent-encoding', 'sid=%E0%A4%A'],
      ['a query object', 'sid=s%3A%7B%22%24gt%22%3A%22%22%7D.x'],
      ['3000 characters', `sid=${'x'.repeat(3000)}`],
      ['empty', 'sid='],
    ])('garbage: %s', async (_label, garbage) => {
      await expectFreshSession(garbage);
    });

    it('an unsigned cookie holding a real session ID', async () => {
      await expectFreshSession(`sid=${id}`);
    });
  });

  describe('writes', () => {
    it('a page that changes nothing does not rewrite the document within touchAfter', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      const id = sidOf(first);
      const written = await findSession(t, id);
      for (let i = 0; i < 3; i++) {
        t.clock.advance(30);
        await request(t.server)
          .get('/session')
          .set('Cookie', cookie)
          .expect(200);
      }
      const after = await findSession(t, id);
      expect(after!.lastModified).toEqual(written!.lastModified);
      expect(after!.expires).toEqual(written!.expires);

      // A change is written at once.
      await request(t.server).get('/').set('Cookie', cookie).expect(200);
      const changed = await findSession(t, id);
      expect(changed!.lastModified.getTime()).toBeGreaterThan(
        written!.lastModified.getTime(),
      );
      expect((changed!.session as { count: number }).count).toBe(2);
    });

    it('an unchanged session is touched once touchAfter has passed, pushing the expiry back', async () => {
      const touching = await createTestApp({
        databaseUri: t.databaseUri,
        env: { SESSION_TOUCH_AFTER_SECONDS: '60' },
      });
      try {
        const first = await request(touching.server).get('/').expect(200);
        const cookie = sidCookie(first);
        const id = sidOf(first);
        const written = await findSession(touching, id);
        await request(touching.server)
          .get('/session')
          .set('Cookie', cookie)
          .expect(200);
        expect((await findSession(touching, id))!.lastModified).toEqual(
          written!.lastModified,
        );
        touching.clock.advance(61_000);
        await request(touching.server)
          .get('/session')
          .set('Cookie', cookie)
          .expect(200);
        const touched = await findSession(touching, id);
        expect(touched!.expires.getTime()).toBeGreaterThanOrEqual(
          written!.expires.getTime() + 61_000,
        );
        expect(touched!.session).toEqual(written!.session);
      } finally {
        await touching.close();
      }
    });
  });
});

describe('Session cookie in production', () => {
  const t = useTestApp({
    env: { NODE_ENV: 'production', TRUST_PROXY: 'true' },
  });

  it('is `__Host-sid` and Secure, over HTTPS (here: behind a TLS-terminating proxy)', async () => {
    const res = await request(t.server)
      .get('/')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    const [line, ...others] = sessionCookieLines(res);
    expect(others).toEqual([]);
    expect(line).toMatch(/^__Host-sid=s%3A/);
    const attributes = attributesOf(line);
    expect(attributes).toEqual(
      expect.arrayContaining(['path=/', 'httponly', 'samesite=lax', 'secure']),
    );
    // __Host- cookies must not name a Domain.
    expect(attributes.filter((a) => a.startsWith('domain='))).toEqual([]);
    expect(attributes.filter((a) => /^(max-age|expires)=/.test(a))).toEqual([]);
  });

  it('is never sent over plain HTTP', async () => {
    const res = await request(t.server).get('/').expect(200);
    expect(sessionCookieLines(res)).toEqual([]);
  });

  it('refuses a signing secret shorter than 32 characters', async () => {
    // The config factory alone: a whole app failing to start would leave its database connection open.
    await expect(
      withEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(31) }, () =>
        Promise.resolve().then(() => sessionConfig()),
      ),
    ).rejects.toThrow(/SESSION_SECRET.*shorter than 32 characters/);
    const config = await withEnv(
      // 32 random characters (32 of one would be refused for its lack of variety).
      {
        NODE_ENV: 'production',
        SESSION_SECRET: 'S9vK2mQx7LpR4tWz8NcB3hJd6FyG1aE5',
      },
      () => Promise.resolve().then(() => sessionConfig()),
    );
    expect(config.cookieName).toBe('__Host-sid');
  });
});
