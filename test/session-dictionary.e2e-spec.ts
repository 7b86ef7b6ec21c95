import request from 'supertest';
import { csrfAgent } from './utils/forms.js';
import {
  findSession,
  flashesOn,
  sidCookie,
  sidOf,
  writeStoredKeys,
} from './utils/session-helpers.js';
import { sessionIdOf } from './utils/cookies.js';
import { useTestApp } from './utils/test-app.js';

type Agent = ReturnType<typeof request.agent>;

/** The visitor's keys and values as the page's table shows them (still HTML-escaped). */
function tableOf(html: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const match of html.matchAll(
    /<tr><td><code>([^<]*)<\/code><\/td><td>([^<]*)<\/td><\/tr>/g,
  )) {
    rows[match[1]] = match[2];
  }
  return rows;
}

function formErrorsOf(html: string): string[] {
  const block = /<div class="form-errors"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (!block) return [];
  return [...block[1].matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
}

describe('The session as a dictionary (/session)', () => {
  const t = useTestApp();

  function setKey(agent: Agent, key: string, value: string) {
    return agent.post('/session').type('form').send({ key, value });
  }

  it('set: stores the value, redirects with 303 and a flash, and the page shows it (get)', async () => {
    const agent = await csrfAgent(t.server);
    const res = await setKey(agent, 'colour', 'blue').expect(303);
    expect(res.headers.location).toBe('/session');
    const page = await agent.get('/session').expect(200);
    expect(tableOf(page.text)).toEqual({ colour: 'blue' });
    expect(flashesOn(page.text)).toEqual([
      { category: 'success', text: 'Stored session[&quot;colour&quot;]' },
    ]);
    // Overwriting a key is a set, not a second key.
    await setKey(agent, 'colour', 'green').expect(303);
    expect(tableOf((await agent.get('/session')).text)).toEqual({
      colour: 'green',
    });
  });

  it('shows the expiry and that the session ends with the browser, not the internal keys', async () => {
    const agent = await csrfAgent(t.server);
    const before = Date.now();
    await agent.get('/'); // stores `count`
    const page = await agent.get('/session').expect(200);
    expect(tableOf(page.text)).toEqual({ count: '1' });
    expect(page.text).toContain('data-testid="permanent">no');
    const expires = /<time datetime="([^"]+)"/.exec(page.text);
    expect(expires).not.toBeNull();
    const shown = Date.parse(expires![1].replace(' UTC', 'Z'));
    expect(shown).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1_000);
    expect(shown).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
    // Never a row of the key tables (the page's note names cookie and flashes).
    for (const internal of ['cookie', 'createdAt', 'lastModified', 'flashes'])
      expect(page.text).not.toContain(`<td><code>${internal}</code></td>`);
  });

  it('pop: removes a present key and says what it was', async () => {
    const agent = await csrfAgent(t.server);
    await setKey(agent, 'a', 'one').expect(303);
    await setKey(agent, 'b', 'two').expect(303);
    await agent.get('/session'); // consumes the flashes of the sets
    const res = await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'a' })
      .expect(303);
    expect(res.headers.location).toBe('/session');
    const page = await agent.get('/session').expect(200);
    expect(tableOf(page.text)).toEqual({ b: 'two' });
    expect(flashesOn(page.text)).toEqual([
      {
        category: 'info',
        text: 'Removed session[&quot;a&quot;] (it was &quot;one&quot;)',
      },
    ]);
  });

  it('pop: an absent key is not an error, as with dict.pop(key, None)', async () => {
    const agent = await csrfAgent(t.server);
    await setKey(agent, 'kept', 'yes').expect(303);
    await agent.get('/session');
    await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'missing' })
      .expect(303);
    const page = await agent.get('/session').expect(200);
    expect(tableOf(page.text)).toEqual({ kept: 'yes' });
    expect(flashesOn(page.text)).toEqual([
      {
        category: 'warning',
        text: 'There was no key &quot;missing&quot; in the session',
      },
    ]);
  });

  it('clear: removes every key, the login included, and keeps the session usable', async () => {
    const agent = await csrfAgent(t.server);
    const first = await setKey(agent, 'x', '1').expect(303);
    const id = sidOf(first);
    await setKey(agent, 'y', '2').expect(303);
    await writeStoredKeys(t, id, { loggedin: true });
    // The login changed under the page: a browser reloads it for a fresh form.
    await agent.get('/session');
    await agent.post('/session/clear').expect(303);
    const page = await agent.get('/session').expect(200);
    expect(tableOf(page.text)).toEqual({});
    expect(page.text).toContain('data-testid="loggedin">no<');
    expect(flashesOn(page.text)).toEqual([
      { category: 'info', text: 'The session was cleared' },
    ]);
    const doc = await findSession(t, id);
    expect(Object.keys(doc!.session)).toEqual(['cookie']);
  });

  it('escapes what the visitor typed: a <script> value comes back as text', async () => {
    const agent = await csrfAgent(t.server);
    const script = '<script>alert("x")</script>';
    await setKey(agent, 'xss', script).expect(303);
    const page = await agent.get('/session').expect(200);
    expect(page.text).not.toContain('<script>');
    expect(tableOf(page.text)).toEqual({
      xss: '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    });
    // The value also appears in the flash of pop.
    await agent.post('/session/pop').type('form').send({ key: 'xss' });
    const popped = await agent.get('/session').expect(200);
    expect(popped.text).not.toContain('<script>');
    expect(flashesOn(popped.text)[0].text).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
  });

  describe('refused requests re-render the form with 400 and lose nothing', () => {
    let agent: Agent;
    let id: string;

    beforeAll(async () => {
      agent = await csrfAgent(t.server);
      const res = await setKey(agent, 'precious', 'keep me').expect(303);
      id = sidOf(res);
      await agent.get('/session');
    });

    afterEach(async () => {
      const page = await agent.get('/session').expect(200);
      expect(tableOf(page.text)).toEqual({ precious: 'keep me' });
      const doc = await findSession(t, id);
      expect(doc!.session).toMatchObject({ precious: 'keep me' });
    });

    const badKey =
      'key must start with a letter and hold only letters, digits and underscores (64 characters at most)';

    it.each([
      ['a key starting with a digit', { key: '1abc', value: 'v' }, badKey],
      ['a key with a dot', { key: 'a.b', value: 'v' }, badKey],
      ['a key with a dollar', { key: '$where', value: 'v' }, badKey],
      ['__proto__', { key: '__proto__', value: 'v' }, badKey],
      ['a 65-character key', { key: 'k'.repeat(65), value: 'v' }, badKey],
      ['an empty key', { key: '', value: 'v' }, badKey],
      [
        'the internal key user',
        { key: 'user', value: 'admin' },
        'key &quot;user&quot; is reserved for the app itself',
      ],
      [
        'the internal key cookie',
        { key: 'cookie', value: 'v' },
        'key &quot;cookie&quot; is reserved for the app itself',
      ],
      [
        'the internal key loggedin',
        { key: 'loggedin', value: 'true' },
        'key &quot;loggedin&quot; is reserved for the app itself',
      ],
      [
        'a value of 1001 characters',
        { key: 'long', value: 'v'.repeat(1001) },
        'value must be at most 1000 characters',
      ],
      ['a missing value', { key: 'novalue' }, 'value must be text'],
    ])('set: %s', async (_label, body, message) => {
      const res = await agent
        .post('/session')
        .type('form')
        .send(body)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(formErrorsOf(res.text)).toContain(message);
      // The form comes back with what was typed, escaped.
      expect(res.text).toContain('<form method="post" action="/session"');
    });

    it.each([
      ['a number', { key: 'n', value: 123 }, 'value must be text'],
      ['an object', { key: 'o', value: { $gt: '' } }, 'value must be text'],
      ['an array', { key: 'a', value: ['x', 'y'] }, 'value must be text'],
      [
        'a key that is an array',
        { key: ['a', 'b'], value: 'v' },
        'key must be text',
      ],
    ])('set with a JSON body: %s', async (_label, body, message) => {
      const res = await agent
        .post('/session')
        .set('Accept', 'text/html')
        .send(body)
        .expect(400);
      expect(formErrorsOf(res.text)).toContain(message);
    });

    it('set with a JSON body, answered in JSON when asked', async () => {
      const res = await agent
        .post('/session')
        .set('Accept', 'application/json')
        .send({ key: 'n', value: 1 })
        .expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        errors: { value: ['value must be text'] },
      });
    });

    it('set with an unexpected field', async () => {
      const res = await agent
        .post('/session')
        .type('form')
        .send({ key: 'k', value: 'v', extra: 'x' })
        .expect(400);
      expect(formErrorsOf(res.text)).toContain(
        'property extra should not exist',
      );
    });

    it.each([
      [
        'an internal key',
        { key: 'flashes' },
        'key &quot;flashes&quot; is reserved for the app itself',
      ],
      ['a bad pattern', { key: 'a-b' }, badKey],
    ])('pop: %s', async (_label, body, message) => {
      const res = await agent
        .post('/session/pop')
        .type('form')
        .send(body)
        .expect(400);
      expect(formErrorsOf(res.text)).toContain(message);
    });

    it.each([
      'id',
      'req',
      'save',
      'touch',
      'regenerate',
      'destroy',
      'reload',
      'resetMaxAge',
      'constructor',
      'hasOwnProperty',
      'toString',
      'toJSON',
    ])(
      'set and pop: %s, a name the session object itself uses',
      async (key) => {
        const set = await setKey(agent, key, 'v').expect(400);
        expect(formErrorsOf(set.text)).toContain(
          `key &quot;${key}&quot; is reserved for the app itself`,
        );
        await agent.post('/session/pop').type('form').send({ key }).expect(400);
      },
    );
  });

  it('holds at most 50 keys: the 51st is refused, overwriting one is still allowed', async () => {
    const agent = await csrfAgent(t.server);
    let cookie = '';
    for (let i = 1; i <= 50; i++) {
      const res = await setKey(agent, `k${i}`, `v${i}`).expect(303);
      if (i === 1) cookie = sidCookie(res);
    }
    const refused = await setKey(agent, 'k51', 'v51').expect(400);
    expect(formErrorsOf(refused.text)).toEqual([
      'a session holds at most 50 keys; pop one before adding &quot;k51&quot;',
    ]);
    await setKey(agent, 'k50', 'changed').expect(303);
    const doc = await findSession(t, sessionIdOf(cookie));
    const stored = doc!.session;
    expect(Object.keys(stored).filter((k) => /^k\d+$/.test(k))).toHaveLength(
      50,
    );
    expect(stored.k50).toBe('changed');
    expect(stored).not.toHaveProperty('k51');
  });
});
