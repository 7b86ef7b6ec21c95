import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DEMO } from './utils/auth.js';
import { csrfAgent } from './utils/forms.js';
import { flashesOn } from './utils/session-helpers.js';
import {
  createTestApp,
  dropDatabase,
  uniqueDatabaseUri,
  type TestApp,
  useTestApp,
} from './utils/test-app.js';

const formError = (html: string): string | undefined =>
  /data-testid="form-error">([^<]*)</.exec(html)?.[1];

/** The items of the page's form-error box. */
function formErrors(html: string): string[] {
  const box = /<div class="form-errors" role="alert">([\s\S]*?)<\/div>/.exec(
    html,
  );
  return box
    ? [...box[1].matchAll(/<li>([^<]*)<\/li>/g)].map((match) => match[1])
    : [];
}

/** Posts a form of the session page as a French browser. */
function postFrench(
  agent: TestAgent,
  action: string,
  fields: Record<string, string>,
) {
  return agent
    .post(action)
    .set('Accept-Language', 'fr')
    .type('form')
    .send(fields);
}

describe('Messages with values in both languages', () => {
  const t = useTestApp();

  it('shows the stored and popped keys in French, the visitor’s text escaped', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session').set('Accept-Language', 'fr');
    await postFrench(agent, '/session', {
      key: 'note',
      value: '<script>alert(1)</script> %{key} $t(nav.home)',
    }).expect(303);
    const stored = await agent
      .get('/session')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(flashesOn(stored.text)).toEqual([
      { category: 'success', text: 'session[&quot;note&quot;] est enregistré' },
    ]);

    await postFrench(agent, '/session/pop', { key: 'note' }).expect(303);
    const popped = await agent
      .get('/session')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(flashesOn(popped.text)).toEqual([
      {
        category: 'info',
        text: 'session[&quot;note&quot;] est retiré (il valait &quot;&lt;script&gt;alert(1)&lt;/script&gt; %{key} $t(nav.home)&quot;)',
      },
    ]);
    expect(popped.text).not.toContain('<script>alert(1)');

    await postFrench(agent, '/session/pop', { key: 'note' }).expect(303);
    const missing = await agent
      .get('/session')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(flashesOn(missing.text)).toEqual([
      {
        category: 'warning',
        text: 'La session n’avait pas de clé &quot;note&quot;',
      },
    ]);
  });

  it('keeps the same messages in English by default', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session');
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'colour', value: 'blue' })
      .expect(303);
    const page = await agent.get('/session').expect(200);
    expect(flashesOn(page.text)).toEqual([
      { category: 'success', text: 'Stored session[&quot;colour&quot;]' },
    ]);
  });

  it('shows a refused key in French, with the key in it, and answers JSON in English', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session').set('Accept-Language', 'fr');
    const refused = await postFrench(agent, '/session', {
      key: 'toString',
      value: 'x',
    }).expect(400);
    expect(formErrors(refused.text)).toEqual([
      'la clé &quot;toString&quot; est réservée à l’application',
    ]);
    const unknownField = await postFrench(agent, '/session', {
      key: 'k',
      value: 'x',
      colour: 'red',
    }).expect(400);
    expect(formErrors(unknownField.text)).toEqual([
      'le champ colour n’est pas attendu',
    ]);

    const json = await agent
      .post('/session')
      .set('Accept-Language', 'fr')
      .set('Accept', 'application/json')
      .send({ key: 'toString', value: 'x' })
      .expect(400);
    expect(json.body).toMatchObject({
      errors: { key: ['key "toString" is reserved for the app itself'] },
    });
  });

  it('says in French how many other sessions were ended', async () => {
    const other = await csrfAgent(t.server);
    await other.post('/login').type('form').send(DEMO).expect(303);
    const agent = await csrfAgent(t.server);
    await agent.post('/login').type('form').send(DEMO).expect(303);
    await agent.get('/account/sessions').set('Accept-Language', 'fr');
    await postFrench(agent, '/account/sessions/revoke-others', {}).expect(303);
    const page = await agent
      .get('/account/sessions')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(flashesOn(page.text)).toEqual([
      { category: 'success', text: '1 autre session terminée' },
    ]);
  });

  it('shows the login-required notice and an unknown page in French', async () => {
    const agent = await csrfAgent(t.server);
    const redirect = await agent
      .get('/secret')
      .set('Accept-Language', 'fr')
      .expect(303);
    const login = await agent
      .get(redirect.headers.location)
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(flashesOn(login.text)).toEqual([
      { category: 'warning', text: 'Connectez-vous pour voir cette page' },
    ]);

    const missing = await request(t.server)
      .get('/nowhere?x=<b>')
      .set('Accept-Language', 'fr')
      .expect(404);
    expect(missing.text).toContain('<h1>Page introuvable</h1>');
    expect(missing.text).toContain(
      'Il n’y a pas de page à l’adresse /nowhere<',
    );
    const refused = await postFrench(agent, '/logout', { keep: '2' }).expect(
      400,
    );
    expect(refused.text).toContain(
      'data-testid="error-message">keep doit valoir 1 ou 0</p>',
    );

    const json = await request(t.server)
      .get('/nowhere')
      .set('Accept-Language', 'fr')
      .set('Accept', 'application/json')
      .expect(404);
    expect(json.body.message).toBe('Cannot GET /nowhere');
  });
});

describe('The login throttle message in both languages', () => {
  const opened: TestApp[] = [];

  afterAll(async () => {
    for (const app of opened) {
      await app.close();
      await dropDatabase(app.databaseUri);
    }
  });

  /** Fails one login, then returns the refused second attempt. */
  async function throttled(windowSeconds: number, lang?: string) {
    const app = await createTestApp({
      env: {
        LOGIN_THROTTLE_WINDOW_SECONDS: String(windowSeconds),
        LOGIN_MAX_FAILURES_PER_EMAIL: '1',
      },
      databaseUri: uniqueDatabaseUri('throttle-i18n'),
    });
    opened.push(app);
    const agent = await csrfAgent(app.server);
    const wrong = { email: DEMO.email, password: 'wrong password' };
    await agent.post('/login').type('form').send(wrong).expect(401);
    const post = agent.post('/login').type('form');
    if (lang) post.set('Accept-Language', lang);
    return post.send(wrong).expect(429);
  }

  it('is French, seconds or minutes, for a French browser', async () => {
    const seconds = await throttled(30, 'fr');
    expect(formError(seconds.text)).toMatch(
      /^Trop de tentatives de connexion échouées\. Réessayez après \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(dans \d+ secondes?\)\.$/,
    );
    const minutes = await throttled(600, 'fr');
    expect(formError(minutes.text)).toMatch(
      /^Trop de tentatives de connexion échouées\. Réessayez après .+ UTC \(dans 10 minutes environ\)\.$/,
    );
    expect(minutes.text).toContain('<title>Trop de tentatives · nest-sessions');
  });

  it('is English by default', async () => {
    const minutes = await throttled(600);
    expect(formError(minutes.text)).toMatch(
      /^Too many failed login attempts\. Try again after .+ UTC \(in about 10 minutes\)\.$/,
    );
  });
});
