import request from 'supertest';
import { DEMO } from './utils/auth.js';
import { csrfPass, postWith, type Client } from './utils/forms.js';
import { selfSignedCertificate } from './utils/certificate.js';
import { cookiePair, sessionIdOf, setCookies } from './utils/cookies.js';
import { useTestApp } from './utils/test-app.js';
import { keyOf } from './utils/session-helpers.js';

const PRODUCTION_SECRET = 'Qm7vX2kP9sLw4RtZ8bNc3HjD6fYg1AeU5oKi';
const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: PRODUCTION_SECRET,
  SEED_DEMO_USER: 'true',
  LOGIN_MAX_FAILURES_PER_IP: '1000',
  // One account logs in 200 times below, each session kept.
  SESSIONS_PER_ACCOUNT: '1000',
};

/** The attributes of a Set-Cookie line, lower-cased, without the name=value pair. */
const attributesOf = (line: string): string[] =>
  line
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase());

const setCookieLine = (res: request.Response, name: string) =>
  setCookies(res).find((line) => line.startsWith(`${name}=`));

describe('Production cookies over HTTPS', () => {
  const tls = selfSignedCertificate();
  const t = useTestApp({
    // 200 logins of one account below: above its default cap of 50 live sessions.
    env: { ...PRODUCTION_ENV, SESSIONS_PER_ACCOUNT: '200' },
    httpsOptions: tls,
  });
  // A jar-less client that trusts the test's certificate, as a browser trusting it would.
  const https = {
    get: (url: string) => request(t.server).get(url).ca(tls.cert),
    post: (url: string) => request(t.server).post(url).ca(tls.cert),
  } as unknown as Client;

  const login = (pass: Awaited<ReturnType<typeof csrfPass>>) =>
    postWith(https, '/login', pass)
      .type('form')
      .send({ ...DEMO, _csrf: pass.token });

  it('names the session cookie __Host-sid, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const pass = await csrfPass(https, '/login');
    expect(pass.cookies[0]).toMatch(/^__Host-csrf=/);
    const res = await login(pass).expect(303);

    const line = setCookieLine(res, '__Host-sid');
    expect(line).toBeDefined();
    const attributes = attributesOf(line!);
    expect(attributes).toEqual(
      expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']),
    );
    expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);
    // Not "keep me signed in": a browser-session cookie.
    expect(attributes.some((a) => /^(expires|max-age)=/.test(a))).toBe(false);
    expect(setCookieLine(res, 'sid')).toBeUndefined();

    // The CSRF cookie has the same protections.
    const page = await https.get('/login').expect(200);
    const csrfAttributes = attributesOf(setCookieLine(page, '__Host-csrf')!);
    expect(csrfAttributes).toEqual(
      expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']),
    );
    expect(csrfAttributes.some((a) => a.startsWith('domain'))).toBe(false);

    // The cookie works: the logged-in page over HTTPS.
    await https
      .get('/secret')
      .set('Cookie', cookiePair(res, '__Host-sid')!)
      .expect(200);
  });

  it('gives 200 logins 200 distinct session IDs of 24 random bytes (32 base64url characters)', async () => {
    // The pre-session token is bound to "anonymous": one page load serves every cookie-less login.
    const pass = await csrfPass(https, '/login');
    const ids = new Set<string>();
    // One after another: parallel attempts for one account are throttled by design.
    for (let i = 0; i < 200; i++) {
      const res = await login(pass).expect(303);
      const pair = cookiePair(res, '__Host-sid');
      expect(pair).toBeDefined();
      const id = sessionIdOf(pair!);
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
    const stored = await t.connection
      .collection('sessions')
      .countDocuments({ _id: { $in: [...ids].map(keyOf) as never[] } });
    expect(stored).toBe(200);
  }, 120_000);
});

describe('Production cookies over plain HTTP', () => {
  const t = useTestApp({ env: PRODUCTION_ENV });

  /** A login from a browser that reached the app under the given Host. */
  async function loginAs(host: string) {
    const plain = {
      get: (url: string) => request(t.server).get(url).set('Host', host),
      post: (url: string) => request(t.server).post(url).set('Host', host),
    } as unknown as Client;
    const pass = await csrfPass(plain, '/login');
    return postWith(plain, '/login', pass)
      .type('form')
      .send({ ...DEMO, _csrf: pass.token })
      .expect(303);
  }

  it.each(['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LocalHost'])(
    'sets the Secure session cookie for %s, which browsers treat as a secure context',
    async (host) => {
      const res = await loginAs(host);
      const line = setCookieLine(res, '__Host-sid');
      expect(line).toBeDefined();
      expect(attributesOf(line!)).toEqual(
        expect.arrayContaining(['secure', 'httponly', 'path=/']),
      );
      await request(t.server)
        .get('/secret')
        .set('Host', host)
        .set('Cookie', cookiePair(res, '__Host-sid')!)
        .expect(200);
    },
  );

  it.each(['example.com', 'localhost.example.com', '10.0.0.5:3000'])(
    'sets no session cookie over plain HTTP for %s (a browser would drop a Secure one), and stores no session',
    async (host) => {
      const before = await t.connection.collection('sessions').countDocuments();
      const res = await loginAs(host);
      expect(setCookieLine(res, '__Host-sid')).toBeUndefined();
      const home = await request(t.server).get('/').set('Host', host);
      expect(home.status).toBe(200);
      expect(setCookieLine(home, '__Host-sid')).toBeUndefined();
      expect(await t.connection.collection('sessions').countDocuments()).toBe(
        before,
      );
    },
  );
});
