import { jest } from '@jest/globals';
import request from 'supertest';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfAgent, csrfTokenOf } from './utils/forms.js';
import { storedData } from './utils/panel.js';
import { readSnippet } from '../src/course/code-snippets.js';
import { FLASK_CODE } from '../src/course/flask-code.js';
import { CONCEPT_PAGES } from './utils/course-pages.js';
import {
  sessionStoreOf,
  countOf,
  findSession,
  sidOf,
  keyOf,
  writeStoredKeys,
} from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

// The course's concepts, in its order: one describe each, named as in the README's table (section "From Flask to NestJS").

const t = useTestApp();

describe('Course: home page lists the concepts', () => {
  it('links every concept, in the course order, to a page that answers', async () => {
    const home = await request(t.server).get('/').expect(200);
    const list = /data-testid="concepts">([\s\S]*?)<\/ol>/.exec(home.text)![1];
    const links = [...list.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      '/course/what-is-a-session',
      '/session#set-heading',
      '/session#get-heading',
      '/session#pop-heading',
      '/#counter',
      '/login',
      '/secret',
      '/logout',
      '/course/templates',
      '/course/timeout',
      '/course/redirect',
      '/course/url-for',
      '/course/flash',
      '/course/flash/messages',
      '/course/cookie-vs-session',
    ]);
    for (const link of new Set(links.map((l) => l.split('#')[0]))) {
      const res = await request(t.server).get(link);
      expect([200, 303]).toContain(res.status);
    }
    expect(home.text).toContain('<h1 id="counter">The counter example</h1>');
    expect(home.text).toContain('Count: <span data-testid="count">1</span>');
  });
});

/** Text as Handlebars escapes it. */
function escaped(text: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#x27;',
    '`': '&#x60;',
    '=': '&#x3D;',
  };
  return text.replace(/[&<>"'`=]/g, (c) => entities[c]);
}

describe('Course: every concept page', () => {
  it.each(CONCEPT_PAGES.map((page) => [page.path, page] as const))(
    '%s shows its step, the course’s Flask and this app’s code as its files hold it now',
    async (_path, { path, step, prev, next, flask, nest, loggedIn }) => {
      const agent = await csrfAgent(t.server);
      if (loggedIn) {
        await agent.get('/login');
        await postLogin(agent, DEMO).expect(303);
      }
      const page = await agent.get(path).expect(200);
      const steps = /data-testid="course-steps">([\s\S]*?)<\/nav>/.exec(
        page.text,
      )![1];
      expect(steps).toContain(`data-testid="step-count">${step}</p>`);
      const rel = (name: string) =>
        new RegExp(`<a rel="${name}" href="([^"]+)"`).exec(steps)?.[1] ?? null;
      expect([rel('prev'), rel('next')]).toEqual([prev, next]);
      expect(
        [...page.text.matchAll(/data-flask="([\w.]+)"/g)].map((m) => m[1]),
      ).toEqual(flask);
      for (const id of flask)
        expect(page.text).toContain(escaped(FLASK_CODE[id].text));
      expect(
        [...page.text.matchAll(/data-snippet="([\w.]+)"/g)].map((m) => m[1]),
      ).toEqual(nest);
      for (const id of nest) {
        const { file, line, text } = readSnippet(id);
        const figure = new RegExp(
          `data-snippet="${id.replace('.', '\\.')}">\\s*<figcaption>[^]*?<code>${file}</code> <span class="code-line">line ${line}</span></figcaption>\\s*<pre tabindex="0"><code>([^]*?)</code></pre>`,
        ).exec(page.text);
        expect([id, figure?.[1]]).toEqual([id, escaped(text)]);
      }
      expect(page.text).toContain('data-testid="differs"');
    },
  );
});

describe('Course: session', () => {
  it('keeps one session per browser: two agents see two documents', async () => {
    const a = request.agent(t.server);
    const b = request.agent(t.server);
    const first = await a.get('/').expect(200);
    const other = await b.get('/').expect(200);
    expect(sidOf(first)).not.toBe(sidOf(other));
    expect(countOf((await a.get('/')).text)).toBe(2);
    expect(countOf((await b.get('/')).text)).toBe(2);
  });
});

describe('Course: storing data', () => {
  it('session[key] = value writes the key into the MongoDB document', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session');
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'firstname', value: 'Antonio' })
      .expect(303);
    const page = await agent.get('/session').expect(200);
    expect(storedData(page.text).firstname).toBe('Antonio');
  });
});

describe('Course: reading data', () => {
  it('session.get(key) shows the stored value on the page', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session');
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'lastname', value: 'Pisanello' })
      .expect(303);
    const page = await agent.get('/session').expect(200);
    expect(page.text).toMatch(/<code>lastname<\/code><\/td><td>Pisanello</);
  });
});

describe('Course: removing data', () => {
  it('session.pop(key) removes the key from the stored document', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/session');
    await agent.post('/session').type('form').send({ key: 'k', value: 'v' });
    await agent.get('/session');
    await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'k' })
      .expect(303);
    const page = await agent.get('/session').expect(200);
    expect(storedData(page.text)).not.toHaveProperty('k');
  });
});

describe('Course: the counter', () => {
  it('counts visits in the session, as the stored document shows', async () => {
    const agent = request.agent(t.server);
    await agent.get('/');
    const page = await agent.get('/').expect(200);
    expect(countOf(page.text)).toBe(2);
    expect(storedData(page.text).count).toBe(2);
    expect(page.text).toMatch(
      /data-testid="stored-changed"><code>count<\/code>/,
    );
  });
});

describe('Course: login', () => {
  it('stores loggedin in the session after a successful login', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/login');
    await postLogin(agent, DEMO).expect(303);
    const page = await agent.get('/userinfo').expect(200);
    expect(storedData(page.text).loggedin).toBe(true);
  });

  it('says, on the page the login leads to, that the session ID changed and loggedin is set', async () => {
    const agent = await csrfAgent(t.server);
    const before = sidOf(await agent.get('/'));
    await agent.get('/login');
    const login = await postLogin(agent, DEMO).expect(303);
    const page = await agent.get(login.headers.location).expect(200);
    const outcome =
      /data-testid="form-outcome" data-kind="login">([\s\S]*?)<\/div>/.exec(
        page.text,
      )?.[1];
    expect(outcome).toContain(
      `the record <code>${keyOf(before).slice(0, 6)}…</code> was deleted, yours is now <code>${keyOf(sidOf(login)).slice(0, 6)}…</code>`,
    );
    expect(outcome).toContain('<code>loggedin</code> is now <code>true</code>');
    expect(outcome).toMatch(/came along: <code>count<\/code>/);
    // Told once.
    const again = await agent.get(login.headers.location).expect(200);
    expect(again.text).not.toContain('data-testid="form-outcome"');
  });
});

describe('Course: protected page', () => {
  it('redirects to the login page without loggedin, shows the page with it', async () => {
    const anonymous = await request(t.server).get('/secret').expect(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    const agent = await csrfAgent(t.server);
    await agent.get('/login');
    await postLogin(agent, DEMO).expect(303);
    const page = await agent.get('/secret').expect(200);
    // What let the visitor in, and where a stranger goes.
    expect(page.text).toMatch(
      /data-testid="protected-result">[\s\S]*<code>AuthenticatedGuard<\/code> ran before <code>secret\(\)<\/code>[\s\S]*admin@nomades\.ch[\s\S]*a 303 to <code>&#x2F;login\?next=%2Fsecret<\/code>/,
    );
  });
});

describe('Course: logout both ways', () => {
  it('keep=1 ends the login and keeps the data; without it the session is cleared', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/');
    await agent.get('/login');
    await postLogin(agent, DEMO).expect(303);
    await agent.get('/logout');
    const keep = await agent
      .post('/logout')
      .type('form')
      .send({ keep: '1' })
      .expect(303);
    // The page it leads to says which way, and what stayed and went.
    const landing = await agent.get(keep.headers.location).expect(200);
    const outcome = (html: string) =>
      /data-testid="form-outcome" data-kind="([\w-]+)">([\s\S]*?)<\/div>/.exec(
        html,
      );
    expect(outcome(landing.text)?.[1]).toBe('logout-keep');
    expect(outcome(landing.text)?.[2]).toMatch(
      /data-testid="outcome-dropped">Removed: <code>user<\/code>/,
    );
    expect(outcome(landing.text)?.[2]).toMatch(
      /data-testid="outcome-kept">Kept: <code>count<\/code>/,
    );
    const kept = await agent.get('/').expect(200);
    expect(countOf(kept.text)).toBe(2);
    // The course's `session["loggedin"] = False`.
    expect(storedData(kept.text).loggedin).toBe(false);

    await agent.get('/login');
    await postLogin(agent, DEMO).expect(303);
    await agent.get('/logout');
    const clear = await agent.post('/logout').type('form').send({}).expect(303);
    const cleared = await agent.get(clear.headers.location).expect(200);
    expect(outcome(cleared.text)?.[1]).toBe('logout-clear');
    expect(outcome(cleared.text)?.[2]).toMatch(
      /Removed: <code>count<\/code> <code>loggedin<\/code> <code>user<\/code>/,
    );
    expect(outcome(cleared.text)?.[2]).toContain('Nothing of yours is kept.');
    expect(countOf((await agent.get('/')).text)).toBe(1);
  });
});

describe('Course: session in templates', () => {
  it('the template shows Log in or Log out from session.loggedin', async () => {
    const anonymous = await request(t.server)
      .get('/course/templates')
      .expect(200);
    const output = (html: string) =>
      /data-testid="template-output">([\s\S]*?)<\/div>/.exec(html)![1];
    expect(output(anonymous.text)).toContain('href="/login"');
    const agent = await csrfAgent(t.server);
    await agent.get('/login');
    await postLogin(agent, DEMO).expect(303);
    const page = await agent.get('/course/templates').expect(200);
    expect(output(page.text)).toContain('href="/logout"');
  });
});

describe('Course: session timeout', () => {
  it("shows this app's idle and absolute timeouts and the session's end", async () => {
    const agent = request.agent(t.server);
    const first = await agent.get('/');
    const page = await agent.get('/course/timeout').expect(200);
    expect(page.text).toMatch(
      /data-testid="idle-minutes">\d+(\.\d+)? minutes?</,
    );
    expect(page.text).toMatch(
      /data-testid="absolute-hours">\d+(\.\d+)? hours?</,
    );
    // The exact instant in datetime, UTC in the text until the page's script rewrites it.
    const time = (testId: string) =>
      new RegExp(
        `data-testid="${testId}"><time datetime="([^"]+)">(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC</time>`,
      ).exec(page.text);
    const shown = time('expires-at');
    expect(shown).not.toBeNull();
    expect(shown![1]).toBe(`${shown![2].replace(' ', 'T')}Z`);
    // "It ends at" is the panel's "Expires", to the second: one value.
    expect(time('stored-expires')?.[1]).toBe(shown![1]);
    const doc = await findSession(t, sidOf(first));
    expect(shown![1]).toBe(`${doc!.expires.toISOString().slice(0, 19)}Z`);
  });
});

describe('Course: redirect()', () => {
  it('answers 303 with the address of a named route, which the browser GETs', async () => {
    const res = await request(t.server).get('/course/redirect/go').expect(303);
    expect(res.headers.location).toBe('/course/redirect?redirected=1');
    const page = await request(t.server).get(res.headers.location).expect(200);
    expect(page.text).toContain('data-testid="redirected"');
    // The next page it names is a link.
    expect(page.text).toContain(
      '<code>url_for</code> (<a href="/course/url-for">the next page</a>)',
    );
  });
});

describe('Course: url_for()', () => {
  it('lists the routes by handler name and builds links from them', async () => {
    const page = await request(t.server).get('/course/url-for').expect(200);
    expect(page.text).toMatch(
      /<code>redirectDemo<\/code><\/td><td[^>]*>GET<\/td><td[^>]*><code>\/course\/redirect<\/code>/,
    );
    expect(page.text).toContain('/course/redirect?redirected&#x3D;1');
  });
});

describe('Course: flash()', () => {
  it('stores the message in the session until the next page', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/course/flash');
    const res = await agent
      .post('/course/flash')
      .type('form')
      .send({})
      .expect(303);
    expect(res.headers.location).toBe('/course/flash/messages');
    const stored = await findSession(t, sidOf(res));
    expect(JSON.stringify(stored!.session)).toContain(
      'This message waited in your session',
    );
  });
});

describe('Course: get_flashed_messages()', () => {
  it('shows the message once and removes it from the stored session', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/course/flash');
    await agent.post('/course/flash').type('form').send({}).expect(303);
    const page = await agent.get('/course/flash/messages').expect(200);
    expect(page.text).toContain('This message waited in your session');
    expect(storedData(page.text)).not.toHaveProperty('flashes');
    expect(page.text).toMatch(
      /data-testid="stored-changed"><code>flashes<\/code>/,
    );
    const again = await agent.get('/course/flash/messages').expect(200);
    expect(again.text).not.toContain('flash flash-success');
    expect(again.text).toContain('returned nothing');
  });

  it('flashes one message per category from the page itself, and shows what it returned', async () => {
    const agent = await csrfAgent(t.server);
    const page = await agent.get('/course/flash/messages').expect(200);
    const form =
      /<form method="post" action="\/course\/flash">([\s\S]*?)<\/form>/.exec(
        page.text,
      )![1];
    const categories = [...form.matchAll(/name="category" value="(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(categories).toEqual(['success', 'info', 'warning', 'error']);
    const res = await agent
      .post('/course/flash')
      .type('form')
      .send(categories.map((c) => `category=${c}`).join('&'))
      .expect(303);
    expect(res.headers.location).toBe('/course/flash/messages');
    const back = await agent.get(res.headers.location).expect(200);
    const returned = /data-testid="flashed-returned">([\s\S]*?)<\/div>/.exec(
      back.text,
    )![1];
    expect(returned).toContain('returned 4 messages');
    expect(
      [...returned.matchAll(/<li><code>(\w+)<\/code>/g)].map((m) => m[1]),
    ).toEqual(categories);
  });
});

describe('Course: cookie versus session', () => {
  it('takes the signed cookie apart and sets the facts beside the course claims', async () => {
    const agent = request.agent(t.server);
    const home = await agent.get('/');
    const id = sidOf(home);
    const page = await agent.get('/course/cookie-vs-session').expect(200);
    expect(page.text).toContain(
      `data-testid="cookie-shape">sid=s:${id.slice(0, 6)}…`,
    );
    expect(page.text).not.toContain(id);
    expect(page.text).toMatch(/data-testid="cookie-bytes">\d+ bytes/);
    expect(page.text).toMatch(/data-testid="document-bytes">\d+ bytes/);
    expect(page.text).toMatch(
      /data-testid="claim-shared">A cookie is not shared between users/,
    );
    expect(page.text).toMatch(
      /data-testid="claim-close">Closing the browser drops the cookie/,
    );
    expect(page.text).not.toContain('data-testid="login-cookie"');
  });

  it('explains the second cookie a logged-in browser holds', async () => {
    const agent = request.agent(t.server);
    await postLogin(agent, DEMO).expect(303);
    const page = await agent.get('/course/cookie-vs-session').expect(200);
    expect(page.text).toMatch(
      /data-testid="login-cookie">A second cookie, <code>sid_login=1<\/code>/,
    );
  });

  it('says nothing is stored for a visitor without a session', async () => {
    const page = await request(t.server)
      .get('/course/cookie-vs-session')
      .expect(200);
    expect(page.text).toContain('data-testid="no-cookie"');
    expect(page.text).toContain('data-testid="stored-nothing"');
  });
});

describe('Course: the stored-session panel shows the database', () => {
  it('reads the stored session once per page, whether the request wrote it or not', async () => {
    const agent = request.agent(t.server);
    await postLogin(agent, DEMO).expect(303);
    // Shows (and so removes) the login's flash: a write.
    await agent.get('/secret').expect(200);
    // Reads of the store: the load of a request's session, and any read again.
    const store = sessionStoreOf(t);
    let loads = 0;
    const onLoad = () => loads++;
    store.on('get', onLoad);
    const rereads = jest.spyOn(store, 'read');
    const reads = () => loads + rereads.mock.calls.length;
    try {
      // A visitor without a session: nothing stored, nothing to read.
      const anonymous = await request(t.server).get('/login').expect(200);
      expect(reads()).toBe(0);
      expect(anonymous.text).toContain('data-testid="stored-nothing"');

      const read = await agent.get('/secret').expect(200);
      expect(reads()).toBe(1);
      expect(storedData(read.text)).toMatchObject({ loggedin: true });

      // The counter's write answers with the session as it left it.
      loads = 0;
      rereads.mockClear();
      const counted = await agent.get('/').expect(200);
      expect(reads()).toBe(1);
      expect(storedData(counted.text)).toMatchObject({
        count: countOf(counted.text),
      });
    } finally {
      store.off('get', onLoad);
      rereads.mockRestore();
    }
  });

  it('shows a change made directly in the database on the next page load', async () => {
    const agent = request.agent(t.server);
    const first = await agent.get('/').expect(200);
    const id = sidOf(first);
    await writeStoredKeys(t, id, {
      count: 41,
      note: 'written in the database',
    });
    const page = await agent.get('/').expect(200);
    expect(countOf(page.text)).toBe(42);
    expect(storedData(page.text)).toMatchObject({
      count: 42,
      note: 'written in the database',
    });
    // The session is stored under the SHA-256 of the ID, never the ID itself.
    expect(page.text).toContain(`<code>${keyOf(id).slice(0, 6)}…`);
    expect(page.text).not.toContain(id);
  });

  it('never shows CSRF material or password data', async () => {
    const agent = request.agent(t.server);
    const id = sidOf(await agent.get('/'));
    await writeStoredKeys(t, id, {
      csrfSecret: 'SECRET-A',
      user: { id: 'u', email: 'e@x.ch', passwordHash: 'SECRET-B' },
    });
    const page = await agent.get('/').expect(200);
    expect(page.text).not.toContain('SECRET-A');
    expect(page.text).not.toContain('SECRET-B');
    expect(storedData(page.text).user).toEqual({ id: 'u', email: 'e@x.ch' });
  });

  it('is only on demo pages', async () => {
    const res = await request(t.server).get('/nope').expect(404);
    expect(res.text).not.toContain('data-testid="stored-session"');
  });
});

describe('Course: English and French', () => {
  const frenchHome = (html: string) =>
    html.includes('<html lang="fr">') &&
    html.includes('<a href="/">Accueil</a>') &&
    html.includes('Ce que le serveur a stocké pour vous');

  it('is English by default and for English browsers', async () => {
    const page = await request(t.server).get('/').expect(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('What the server stored for you');
    expect(page.text).toContain('Count: <span data-testid="count">1</span>');
    expect(page.headers.vary).toMatch(/Accept-Language/i);
    const en = await request(t.server)
      .get('/')
      .set('Accept-Language', 'de, en;q=0.5');
    expect(en.text).toContain('<html lang="en">');
  });

  it('is French for Accept-Language: fr', async () => {
    const page = await request(t.server)
      .get('/')
      .set('Accept-Language', 'fr-CH, fr;q=0.9, en;q=0.8')
      .expect(200);
    expect(frenchHome(page.text)).toBe(true);
    expect(page.text).toContain(
      'Compteur : <span data-testid="count">1</span>',
    );
    expect(countOf(page.text)).toBe(1);
    const course = await request(t.server)
      .get('/course/cookie-vs-session')
      .set('Accept-Language', 'fr');
    expect(course.text).toContain(
      'Un cookie n’est pas partagé entre utilisateurs',
    );
  });

  it('translates the login page and its validation messages', async () => {
    const page = await request(t.server)
      .get('/login')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(page.text).toContain('<h1>Se connecter</h1>');
    expect(page.text).toContain('Rester connecté');
    const sessionPage = await request(t.server)
      .get('/session')
      .set('Accept-Language', 'fr')
      .expect(200);
    expect(sessionPage.text).toContain(
      '<h1>La session comme dictionnaire</h1>',
    );
    const agent = await csrfAgent(t.server);
    await agent.get('/login').set('Accept-Language', 'fr');
    const refused = await agent
      .post('/login')
      .set('Accept-Language', 'fr')
      .type('form')
      .send({ email: '', password: '' })
      .expect(400);
    expect(refused.text).toContain('l’email est obligatoire');
    expect(refused.text).toContain('Le formulaire n’a pas été accepté');
  });

  it('keeps the choice of the switch in the session, flash messages included', async () => {
    const agent = await csrfAgent(t.server);
    const home = await agent.get('/').expect(200);
    const res = await agent
      .post('/course/language')
      .type('form')
      .send({ lang: 'fr', next: '/session', _csrf: csrfTokenOf(home.text) })
      .expect(303);
    expect(res.headers.location).toBe('/session');
    const page = await agent.get('/').expect(200);
    expect(frenchHome(page.text)).toBe(true);
    // The preference is ordinary session data: the panel shows it.
    expect(storedData(page.text).lang).toBe('fr');
    expect((await findSession(t, sidOf(res)))!.session).toMatchObject({
      lang: 'fr',
    });

    await agent.post('/counter/reset').type('form').send({}).expect(303);
    const after = await agent.get('/').expect(200);
    expect(after.text).toContain('Compteur remis à zéro');

    const back = await agent
      .post('/course/language')
      .type('form')
      .send({ lang: 'en' })
      .set('Accept-Language', 'fr');
    expect(back.headers.location).toBe('/');
    expect((await agent.get('/').set('Accept-Language', 'fr')).text).toContain(
      '<html lang="en">',
    );
  });

  it('refuses an unknown language or an outside next with a 4xx or a local redirect', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/');
    const bad = await agent
      .post('/course/language')
      .type('form')
      .send({ lang: 'de' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    const outside = await agent
      .post('/course/language')
      .type('form')
      .send({ lang: 'fr', next: '//evil.example/' })
      .expect(303);
    expect(outside.headers.location).toBe('/');
  });
});
