import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DEMO } from './utils/auth.js';
import { cookiePair, setCookies } from './utils/cookies.js';
import { csrfAgent, csrfTokenOf } from './utils/forms.js';
import {
  createTestApp,
  dropDatabase,
  TEST_SECRET,
  useTestApp,
} from './utils/test-app.js';

const FRENCH_PAGE = '<html lang="fr">';
const ENGLISH_PAGE = '<html lang="en">';

/** The language cookie lines a response set. */
const languageCookies = (res: request.Response): string[] =>
  setCookies(res).filter((line) => /^(__Host-)?lang=/.test(line));

describe('The visitor’s language', () => {
  const t = useTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
    },
  });

  /** A visitor who chose French with the switch of an ordinary page. */
  async function frenchVisitor(): Promise<TestAgent> {
    const agent = await csrfAgent(t.server);
    const home = await agent.get('/').expect(200);
    const chosen = await agent
      .post('/course/language')
      .type('form')
      .send({ lang: 'fr', next: '/', _csrf: csrfTokenOf(home.text) })
      .expect(303);
    const [line] = languageCookies(chosen);
    expect(line).toMatch(/^lang=fr; Max-Age=31536000; Path=\/; Expires=/);
    expect(line).toMatch(/; HttpOnly; SameSite=Lax$/);
    return agent;
  }

  async function logIn(agent: TestAgent): Promise<void> {
    const page = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ ...DEMO, _csrf: csrfTokenOf(page.text) })
      .expect(303);
  }

  describe('is kept across logout, whichever kind', () => {
    it('POST /logout (the whole session ends)', async () => {
      const agent = await frenchVisitor();
      await logIn(agent);
      const form = await agent.get('/logout').expect(200);
      expect(form.text).toContain(FRENCH_PAGE);
      await agent
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfTokenOf(form.text) })
        .expect(303);
      expect((await agent.get('/').expect(200)).text).toContain(FRENCH_PAGE);
    });

    it('POST /logout with keep=1 (the login ends, the data stays)', async () => {
      const agent = await frenchVisitor();
      await logIn(agent);
      const form = await agent.get('/logout').expect(200);
      await agent
        .post('/logout')
        .type('form')
        .send({ keep: '1', _csrf: csrfTokenOf(form.text) })
        .expect(303);
      expect((await agent.get('/').expect(200)).text).toContain(FRENCH_PAGE);
    });

    it('logging out from the sessions page (this browser’s row)', async () => {
      const agent = await frenchVisitor();
      await logIn(agent);
      const page = await agent.get('/account/sessions').expect(200);
      const ref = /data-ref="([^"]+)" data-current="true"/.exec(page.text)?.[1];
      await agent
        .post(`/account/sessions/${ref}/revoke`)
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text) })
        .expect(303);
      expect((await agent.get('/').expect(200)).text).toContain(FRENCH_PAGE);
    });
  });

  it('wins over Accept-Language, which decides without a choice', async () => {
    const agent = await frenchVisitor();
    const page = await agent.get('/').set('Accept-Language', 'en').expect(200);
    expect(page.text).toContain(FRENCH_PAGE);
    // Shared caches must not give one visitor's language to another.
    expect(page.headers.vary).toMatch(/Accept-Language/);
    expect(page.headers.vary).toMatch(/Cookie/);
    const stranger = await request(t.server)
      .get('/')
      .set('Accept-Language', 'fr-CH, en;q=0.5')
      .expect(200);
    expect(stranger.text).toContain(FRENCH_PAGE);
  });

  it('sets no cookie for a visitor who made no choice, nor again for one who did', async () => {
    const stranger = await request(t.server)
      .get('/')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(languageCookies(stranger)).toEqual([]);
    const agent = await frenchVisitor();
    expect(languageCookies(await agent.get('/').expect(200))).toEqual([]);
  });

  describe('the switch of error pages: the same POST form, leading back', () => {
    /** Where the language form of a page leads back to. */
    const returnOf = (html: string) =>
      /<form method="post" action="\/course\/language"[\s\S]*?name="next" value="([^"]*)"/
        .exec(html)?.[1]
        ?.replace(/&amp;/g, '&')
        .replace(/&#x3D;/g, '=');

    it('404: back to the page asked for, in the language chosen', async () => {
      const agent = await csrfAgent(t.server);
      const res = await agent.get('/no-such-page?x=1').expect(404);
      expect(res.text).toContain(ENGLISH_PAGE);
      expect(res.text).toContain('data-testid="language-switch"');
      expect(returnOf(res.text)).toBe('/no-such-page?x=1');

      const chosen = await agent
        .post('/course/language')
        .type('form')
        .send({
          lang: 'fr',
          next: returnOf(res.text),
          _csrf: csrfTokenOf(res.text),
        })
        .expect(303);
      expect(chosen.headers.location).toBe('/no-such-page?x=1');
      const again = await agent.get('/no-such-page?x=1').expect(404);
      expect(again.text).toContain(FRENCH_PAGE);
      expect(again.text).toContain('Page introuvable');
    });

    it('400: a refused form leads back to the page it was sent from', async () => {
      const agent = await csrfAgent(t.server);
      const home = await agent.get('/session').expect(200);
      const refused = await agent
        .post('/course/language')
        .set('Referer', `http://${'127.0.0.1'}/session`)
        .set('Host', '127.0.0.1')
        .type('form')
        .send({ lang: 'de', _csrf: csrfTokenOf(home.text) })
        .expect(400);
      expect(returnOf(refused.text)).toBe('/session');
      expect(languageCookies(refused)).toEqual([]);
    });

    it('401: the login form shown again after a wrong password', async () => {
      const agent = await csrfAgent(t.server);
      const page = await agent.get('/login').expect(200);
      const refused = await agent
        .post('/login')
        .set('Accept-Language', 'fr')
        .type('form')
        .send({
          email: DEMO.email,
          password: 'wrong',
          _csrf: csrfTokenOf(page.text),
        })
        .expect(401);
      expect(refused.text).toContain(FRENCH_PAGE);
      expect(refused.text).toContain('data-testid="language-switch"');
    });

    it('an error page a JSON client asks for carries no switch (no HTML at all)', async () => {
      const res = await request(t.server)
        .get('/no-such-page')
        .set('Accept', 'application/json')
        .expect(404);
      expect(res.body).toMatchObject({ statusCode: 404 });
    });
  });

  describe('the choice changes only on a POST', () => {
    it('GET /language/:lang is no route: a GET changes nothing', async () => {
      const res = await request(t.server).get('/language/fr').expect(404);
      expect(languageCookies(res)).toEqual([]);
    });

    it('a visitor without a session gets the cookie, and no session', async () => {
      const agent = await csrfAgent(t.server);
      const page = await agent.get('/login').expect(200);
      const before = await t.connection.collection('sessions').countDocuments();
      const res = await agent
        .post('/course/language')
        .type('form')
        .send({ lang: 'fr', next: '/login', _csrf: csrfTokenOf(page.text) })
        .expect(303);
      expect(setCookies(res).map((line) => line.split('=')[0])).toEqual([
        'lang',
      ]);
      expect(await t.connection.collection('sessions').countDocuments()).toBe(
        before,
      );
      expect((await agent.get('/login').expect(200)).text).toContain(
        FRENCH_PAGE,
      );
    });

    it('refuses an unknown language and leads only to this site', async () => {
      const agent = await csrfAgent(t.server);
      const page = await agent.get('/login').expect(200);
      const bad = await agent
        .post('/course/language')
        .type('form')
        .send({ lang: 'de', _csrf: csrfTokenOf(page.text) })
        .expect(400);
      expect(bad.text).toContain('Choose English or French');
      const outside = await agent
        .post('/course/language')
        .type('form')
        .send({
          lang: 'fr',
          next: '//evil.example/',
          _csrf: csrfTokenOf(page.text),
        })
        .expect(303);
      expect(outside.headers.location).toBe('/');
    });
  });
});

describe('The language cookie in production', () => {
  it('is __Host-lang, Secure', async () => {
    const app = await createTestApp({
      env: { NODE_ENV: 'production', SESSION_SECRET: TEST_SECRET },
    });
    try {
      // Over plain HTTP to localhost, as a browser sends Secure cookies there.
      const page = await request(app.server)
        .get('/login')
        .set('Host', 'localhost')
        .expect(200);
      const res = await request(app.server)
        .post('/course/language')
        .set('Host', 'localhost')
        .set('Cookie', cookiePair(page, '__Host-csrf')!)
        .type('form')
        .send({ lang: 'fr', _csrf: csrfTokenOf(page.text) })
        .expect(303);
      const [line] = languageCookies(res);
      expect(line).toMatch(/^__Host-lang=fr; Max-Age=31536000; Path=\//);
      expect(line).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await app.close();
      await dropDatabase(app.databaseUri);
    }
  });
});
