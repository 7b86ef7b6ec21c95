import { sign } from 'cookie-signature';
import request from 'supertest';
import { cookiePair, sessionIdOf, setCookies } from './utils/cookies.js';
import { csrfTokenOf } from './utils/forms.js';
import { countOf } from './utils/session-helpers.js';
import { TEST_SECRET, useTestApp } from './utils/test-app.js';
import { keyOf } from './utils/session-helpers.js';

describe('Security', () => {
  const t = useTestApp();
  const sessionCount = () =>
    t.connection.collection('sessions').countDocuments();

  describe('headers', () => {
    it('sets a strict Content-Security-Policy and the helmet headers, without X-Powered-By', async () => {
      const res = await request(t.server).get('/').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      // no-referrer would make browsers post forms with `Origin: null` (refused).
      expect(res.headers['referrer-policy']).toBe('same-origin');
    });
  });

  describe('anonymous visitors', () => {
    it('get no cookie and create no session on /health and static files', async () => {
      const before = await sessionCount();
      for (const path of ['/health', '/static/css/main.css']) {
        const res = await request(t.server).get(path).expect(200);
        expect(setCookies(res)).toEqual([]);
      }
      expect(await sessionCount()).toBe(before);
    });

    it('get no session cookie from a page that only shows forms', async () => {
      const before = await sessionCount();
      const res = await request(t.server).get('/session').expect(200);
      expect(cookiePair(res, 'sid')).toBeUndefined();
      expect(await sessionCount()).toBe(before);
    });
  });

  describe('forged session cookies', () => {
    const forged = [
      'sid=unsigned-value',
      `sid=${encodeURIComponent(`s:${sign('abc', 'another-secret')}`)}`,
      `sid=${'x'.repeat(4096)}`,
      'sid=%E0%A4%A',
      'sid=s%3A',
    ];

    it.each(forged)('are treated as no cookie: %#', async (cookie) => {
      const res = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(res.text)).toBe(1);
    });

    it('a validly signed ID that is not in the store is replaced, not adopted', async () => {
      const planted = 'planted-session-id-0123456789';
      const cookie = `sid=${encodeURIComponent(`s:${sign(planted, TEST_SECRET)}`)}`;
      const res = await request(t.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      const issued = cookiePair(res, 'sid');
      expect(issued).toBeDefined();
      expect(sessionIdOf(issued!)).not.toBe(planted);
      expect(
        await t.connection
          .collection('sessions')
          .findOne({ _id: keyOf(planted) as never }),
      ).toBeNull();
    });
  });

  describe('CSRF', () => {
    it('refuses a POST without a token with 403 and changes nothing', async () => {
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

    it("refuses another visitor's token", async () => {
      const mallory = request.agent(t.server);
      const stolen = csrfTokenOf((await mallory.get('/')).text);
      const alice = request.agent(t.server);
      await alice.get('/');
      await alice
        .post('/counter/reset')
        .type('form')
        .send({ _csrf: stolen })
        .expect(403);
      expect(countOf((await alice.get('/')).text)).toBe(2);
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

    it('refuses a request whose Origin is another site, even with a valid token', async () => {
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

  describe('request size and shape', () => {
    const healthy = async () => {
      await request(t.server).get('/health').expect(200);
    };

    it('answers 413 to a form over 100 KB', async () => {
      const res = await request(t.server)
        .post('/session')
        .type('form')
        .send(`key=big&value=${'a'.repeat(110_000)}`)
        .expect(413);
      expect(res.text).toContain('too large');
      await healthy();
    });

    it('answers 413 to a JSON body over 100 KB', async () => {
      await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .send({ key: 'big', value: 'a'.repeat(110_000) })
        .expect(413);
      await healthy();
    });

    it('answers 413 to a form with more than 1,000 fields', async () => {
      const fields = Array.from({ length: 1_001 }, (_, i) => `f${i}=1`).join(
        '&',
      );
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .type('form')
        .send(fields)
        .expect(413);
      expect(res.body.message).toBe('The form has too many fields.');
      await healthy();
    });

    it('answers 400 to JSON nested deeper than 32 levels', async () => {
      const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/json')
        .send(deep)
        .expect(400);
      expect(res.body.message).toContain('nested more than 32 levels');
      await healthy();
    });

    it('answers 400 to malformed JSON', async () => {
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/json')
        .send('{"key": ')
        .expect(400);
      expect(res.body.message).toBe('The request body is not valid JSON.');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
      await healthy();
    });

    it('answers 415 to an unknown content type', async () => {
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/xml')
        .send('<key>a</key>')
        .expect(415);
      expect(res.body.message).toContain('Unsupported content type');
      await healthy();
    });

    it("answers 431 to headers over Node's limit", async () => {
      await request(t.server)
        .get('/')
        .set('X-Big', 'a'.repeat(20_000))
        .expect(431);
      await healthy();
    });
  });
});
