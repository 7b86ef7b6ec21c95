import request from 'supertest';
import { SessionService } from '@nest-sessions/session';
import { DEMO, postLogin } from './utils/auth.js';
import { cookiePair, setCookies } from './utils/cookies.js';
import { csrfAgent, postForm } from './utils/forms.js';
import { storedData, unescapeHtml } from './utils/panel.js';
import { countOf, flashesOn, sidOf } from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import { useTestApp, type TestApp } from './utils/test-app.js';

// The course's concepts that a visitor watches work on their page, each in
// English and French, on both session stores. Named as in the README's table
// (section "From Flask to NestJS").

const FR = { 'Accept-Language': 'fr' };

/** The text inside the element with this data-testid (its markup removed). */
function testId(html: string, id: string): string | null {
  const match = new RegExp(
    `<(\\w+)[^>]*data-testid="${id}"[^>]*>([\\s\\S]*?)</\\1>`,
  ).exec(html);
  return match
    ? unescapeHtml(match[2].replace(/<[^>]+>/g, ''))
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}

/** The flash messages of a page, their texts as a person reads them. */
function flashes(html: string): { category: string; text: string }[] {
  return flashesOn(html).map(({ category, text }) => ({
    category,
    text: unescapeHtml(text),
  }));
}

/** The codes listed in a panel row or a page line, e.g. the keys a form changed. */
function codesIn(html: string, id: string): string[] {
  const match = new RegExp(
    `data-testid="${id}"[^>]*>([\\s\\S]*?)</(?:dd|p)>`,
  ).exec(html);
  if (!match) return [];
  return [...match[1].matchAll(/<code>([^<]*)<\/code>/g)].map((m) =>
    unescapeHtml(m[1]),
  );
}

function stored(t: TestApp, sid: string) {
  return t.app.get(SessionService).store.read(sid);
}

describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'The course, live (%s)',
  (_name, store) => {
    // 53 hours: a logged-in session page shows "2 d 5 h" left, as in the issue.
    const t = useTestApp({ store, env: { SESSION_ABSOLUTE_HOURS: '53' } });

    describe('Course: session timeout', () => {
      it('"let my session expire in 20 seconds": a countdown, then "Your session has expired" and the data gone', async () => {
        const agent = await csrfAgent(t.server);
        const home = await agent.get('/').expect(200);
        const sid = sidOf(home);
        expect(countOf((await agent.get('/')).text)).toBe(2);

        const page = await agent.get('/course/timeout').expect(200);
        expect(page.text).toContain('data-testid="expire-button"');
        const started = await postForm(
          agent,
          '/course/timeout/expire',
          {},
          {
            page: '/course/timeout',
          },
        ).expect(303);
        expect(started.headers.location).toBe('/course/timeout');
        expect(cookiePair(started, 'sid_timeout')).toMatch(
          /^sid_timeout=\d+\.[0-9a-f]{16}$/,
        );

        const counting = await agent.get('/course/timeout').expect(200);
        expect(flashes(counting.text)).toEqual([
          {
            category: 'info',
            text: 'Your session now ends after 20 seconds without a request',
          },
        ]);
        const left = Number(
          /data-expires-in-ms="(\d+)"/.exec(counting.text)?.[1],
        );
        expect(left).toBeGreaterThan(15_000);
        expect(left).toBeLessThanOrEqual(20_000);
        expect(counting.text).toContain('src="/static/js/countdown.js"');
        expect(codesIn(counting.text, 'held-keys')).toEqual([
          'count',
          'timeoutDemo',
        ]);
        // The store holds the end: the cookie's maxAge since the last request.
        const record = (await stored(t, sid))!;
        expect(record.data.cookie).toMatchObject({ originalMaxAge: 20_000 });
        expect(record.expires.getTime() - t.clock.now()).toBeLessThanOrEqual(
          20_000,
        );

        // Each request gives it 20 seconds more, as the idle timeout does.
        t.clock.advance(15_000);
        expect(countOf((await agent.get('/')).text)).toBe(3);
        t.clock.advance(15_000);
        const later = await agent.get('/course/timeout').expect(200);
        const leftLater = Number(
          /data-expires-in-ms="(\d+)"/.exec(later.text)?.[1],
        );
        expect(leftLater).toBeGreaterThan(15_000);
        expect(leftLater).toBeLessThanOrEqual(20_000);

        t.clock.advance(20_001);
        const back = await agent.get('/course/timeout').expect(200);
        expect(flashes(back.text)).toEqual([
          { category: 'warning', text: 'Your session has expired' },
        ]);
        expect(testId(back.text, 'held-keys')).toBe(
          'Your session holds nothing now: no data of yours is stored.',
        );
        expect(back.text).toContain('data-testid="stored-nothing"');
        expect(back.text).toContain('data-testid="expire-button"');
        expect(await stored(t, sid)).toBeNull();
        // The marker goes with the notice: told once.
        expect(
          setCookies(back).some((line) => /^sid_timeout=;/.test(line)),
        ).toBe(true);
        const again = await agent.get('/').expect(200);
        expect(flashes(again.text)).toEqual([]);
        expect(countOf(again.text)).toBe(1);
      });

      it("changes no one else's timeout", async () => {
        const bystander = request.agent(t.server);
        await bystander.get('/').expect(200);
        const agent = await csrfAgent(t.server);
        await agent.get('/').expect(200);
        await postForm(
          agent,
          '/course/timeout/expire',
          {},
          {
            page: '/course/timeout',
          },
        ).expect(303);
        t.clock.advance(20_001);
        expect(countOf((await bystander.get('/')).text)).toBe(2);
        expect(countOf((await agent.get('/')).text)).toBe(1);
      });

      it('tells a logged-in visitor once, and a later session (a login after the demo) nothing', async () => {
        const agent = await csrfAgent(t.server);
        await postLogin(agent, DEMO).expect(303);
        await postForm(
          agent,
          '/course/timeout/expire',
          {},
          {
            page: '/course/timeout',
          },
        ).expect(303);
        t.clock.advance(20_001);
        const back = await agent.get('/course/timeout').expect(200);
        expect(flashes(back.text)).toEqual([
          { category: 'warning', text: 'Your session has expired' },
        ]);
        expect(back.text).not.toContain('data-testid="nav-user"');
        // Once: the next page says nothing more.
        expect(flashes((await agent.get('/course/timeout')).text)).toEqual([]);

        const other = await csrfAgent(t.server);
        await other.get('/').expect(200);
        await postForm(
          other,
          '/course/timeout/expire',
          {},
          {
            page: '/course/timeout',
          },
        ).expect(303);
        // Logging in gives a new session, with a browser-session cookie: the demo's lifetime is gone.
        await postLogin(other, DEMO).expect(303);
        t.clock.advance(20_001);
        const after = await other.get('/userinfo').expect(200);
        expect(flashes(after.text)).toEqual([
          { category: 'success', text: 'You are logged in' },
        ]);
        expect(after.text).toContain('data-testid="nav-user"');
      });

      it('in French', async () => {
        const agent = await csrfAgent(t.server);
        const page = await agent.get('/course/timeout').set(FR).expect(200);
        expect(page.text).toContain(
          'Faire expirer ma session dans 20 secondes',
        );
        await postForm(
          agent,
          '/course/timeout/expire',
          {},
          {
            page: '/course/timeout',
          },
        ).expect(303);
        const counting = await agent.get('/course/timeout').set(FR).expect(200);
        expect(testId(counting.text, 'countdown')).toMatch(
          /^Votre session se termine dans \d+ s\.$/,
        );
        t.clock.advance(20_001);
        const back = await agent.get('/course/timeout').set(FR).expect(200);
        expect(flashes(back.text)).toEqual([
          { category: 'warning', text: 'Votre session a expiré' },
        ]);
      });
    });

    describe('Course: session.permanent', () => {
      it('is the "keep me signed in" choice beside the timeout, and can be switched', async () => {
        const agent = await csrfAgent(t.server);
        await agent.get('/').expect(200);
        const page = await agent.get('/course/timeout').expect(200);
        expect(testId(page.text, 'permanent')).toBe(
          'session.permanent = False: the cookie is dropped when the browser closes',
        );
        const on = await postForm(
          agent,
          '/course/timeout/permanent',
          { permanent: '1' },
          { page: '/course/timeout' },
        ).expect(303);
        expect(setCookies(on).find((line) => line.startsWith('sid='))).toMatch(
          /Max-Age=\d+/,
        );
        const kept = await agent.get('/course/timeout').expect(200);
        expect(testId(kept.text, 'permanent')).toBe(
          'session.permanent = True: the cookie outlives the browser',
        );
        expect(kept.text).toContain('data-testid="cookie-expires"');
        const french = await agent.get('/course/timeout').set(FR).expect(200);
        expect(testId(french.text, 'permanent')).toBe(
          'session.permanent = True: le cookie survit à la fermeture du navigateur',
        );
        await postForm(
          agent,
          '/course/timeout/permanent',
          { permanent: '0' },
          { page: '/course/timeout' },
        ).expect(303);
        const dropped = await agent.get('/course/timeout').expect(200);
        expect(testId(dropped.text, 'permanent')).toMatch(
          /^session\.permanent = False/,
        );
        const refused = await postForm(
          agent,
          '/course/timeout/permanent',
          { permanent: 'yes' },
          { page: '/course/timeout' },
        );
        expect(refused.status).toBe(400);
        expect(refused.text).toContain('permanent must be 1 or 0');
      });
    });

    describe('Course: reading data with a default', () => {
      it("session.get('colour', 'none') answers the default, then the stored value", async () => {
        const agent = await csrfAgent(t.server);
        const before = await agent
          .get('/session/get?key=colour&default=none')
          .expect(200);
        expect(testId(before.text, 'read-answer')).toBe(
          `session.get('colour', 'none') → "none" (not in your session: the default)`,
        );
        await postForm(agent, '/session', { key: 'colour', value: 'blue' });
        const after = await agent
          .get('/session/get?key=colour&default=none')
          .expect(200);
        expect(testId(after.text, 'read-answer')).toBe(
          `session.get('colour', 'none') → "blue" (found in your session)`,
        );
        expect(storedData(after.text)).toMatchObject({ colour: 'blue' });
        const french = await agent
          .get('/session/get?key=size&default=none')
          .set(FR)
          .expect(200);
        expect(testId(french.text, 'read-answer')).toBe(
          `session.get('size', 'none') → "none" (absente de votre session : la valeur par défaut)`,
        );
      });

      it('reads the keys the app keeps, refuses its machinery and bad keys with a 400', async () => {
        const agent = await csrfAgent(t.server);
        await postLogin(agent, DEMO).expect(303);
        const loggedIn = await agent
          .get('/session/get?key=loggedin&default=False')
          .expect(200);
        expect(testId(loggedIn.text, 'read-value')).toBe('true');
        const reserved = await agent
          .get('/session/get?key=save&default=x')
          .expect(400);
        expect(testId(reserved.text, 'read-error')).toBe(
          'key "save" is reserved for the app itself',
        );
        const bad = await agent
          .get('/session/get?key=1st&default=x')
          .set(FR)
          .expect(400);
        expect(testId(bad.text, 'read-error')).toMatch(
          /^la clé doit commencer par une lettre/,
        );
        // The form comes back with what was asked.
        expect(bad.text).toContain('id="get-key" name="key"');
        expect(bad.text).toMatch(/id="get-key"[^>]*value="1st"/);
      });
    });

    describe('Course: flash() with a category', () => {
      it('flashes the chosen categories in the order sent, each styled as the layout shows it', async () => {
        const agent = await csrfAgent(t.server);
        const page = await agent.get('/course/flash').expect(200);
        for (const category of ['success', 'info', 'warning', 'error'])
          expect(page.text).toContain(`<option value="${category}"`);
        const res = await postForm(
          agent,
          '/course/flash',
          // Sent as a browser sends four selects of one name: in form order.
          { category: 'error' },
          { page: '/course/flash' },
        );
        expect(res.status).toBe(303);
        const one = await agent.get('/course/flash/messages').expect(200);
        expect(flashes(one.text)).toEqual([
          {
            category: 'error',
            text: 'Message 1 of 1, flashed with the category "error"',
          },
        ]);
        expect(one.text).toContain('class="flash flash-error" role="alert"');

        await agent
          .post('/course/flash')
          .type('form')
          .send('category=warning&category=none&category=success&category=info')
          .expect(303);
        const several = await agent
          .get('/course/flash/messages')
          .set(FR)
          .expect(200);
        expect(flashes(several.text)).toEqual([
          {
            category: 'warning',
            text: 'Message 1 sur 3, envoyé avec la catégorie "warning"',
          },
          {
            category: 'success',
            text: 'Message 2 sur 3, envoyé avec la catégorie "success"',
          },
          {
            category: 'info',
            text: 'Message 3 sur 3, envoyé avec la catégorie "info"',
          },
        ]);
        expect(several.text).toContain(
          '<span class="flash-category">attention</span>',
        );
      });

      it('refuses an unknown category with a 400 that says which', async () => {
        const agent = await csrfAgent(t.server);
        await agent.get('/course/flash').expect(200);
        const res = await agent
          .post('/course/flash')
          .type('form')
          .send('category=success&category=shout')
          .expect(400);
        expect(res.text).toContain(
          'each category must be success, info, warning, error or none',
        );
      });
    });

    describe('Course: url_for() for any route', () => {
      it('lists every named route with its methods, POST ones included', async () => {
        const page = await request(t.server).get('/course/url-for').expect(200);
        for (const [name, method, path] of [
          ['login', 'GET', '/login'],
          ['login', 'POST', '/login'],
          ['register', 'POST', '/register'],
          ['logout', 'POST', '/logout'],
          ['setKey', 'POST', '/session'],
          ['expireSoon', 'POST', '/course/timeout/expire'],
        ])
          expect(page.text).toContain(
            `<tr><td data-label="Name"><code>${name}</code></td><td data-label="Method">${method}</td><td data-label="Path"><code>${path}</code></td></tr>`,
          );
      });

      it('builds the URL of a name and values, and gives url_for’s error for an unknown name', async () => {
        const built = await request(t.server)
          .get('/course/url-for')
          .query({ name: 'revokeSession', values: "ref=abc, page='2'" })
          .expect(200);
        expect(testId(built.text, 'url-for-result')).toBe(
          "url_for('revokeSession', ref='abc', page='2') → /account/sessions/abc/revoke?page=2",
        );
        const missing = await request(t.server)
          .get('/course/url-for')
          .query({ name: 'revokeSession', values: '' })
          .expect(200);
        expect(testId(missing.text, 'url-for-error-text')).toBe(
          'url_for("revokeSession"): Missing parameters: ref',
        );
        const unknown = await request(t.server)
          .get('/course/url-for')
          .query({ name: 'nowhere' })
          .set(FR)
          .expect(200);
        expect(testId(unknown.text, 'url-for-error-text')).toBe(
          'url_for: no route is named "nowhere"',
        );
        expect(unknown.text).toContain('a levé une erreur');
        const refused = await request(t.server)
          .get('/course/url-for')
          .query({ name: 'index', values: 'oops' })
          .expect(200);
        expect(testId(refused.text, 'url-for-refused')).toBe(
          'Write each value as name=value, separated by commas: "oops" is not one',
        );
      });
    });

    describe('Course: the stored-session panel names what the form changed', () => {
      it('on the page after the redirect: the keys the post changed, and this request’s own', async () => {
        const agent = await csrfAgent(t.server);
        const posted = await postForm(agent, '/session', {
          key: 'colour',
          value: 'blue',
        }).expect(303);
        expect(cookiePair(posted, 'sid_changed')).toBeDefined();
        const page = await agent.get('/session').expect(200);
        expect(page.text).toContain(
          'Changed by your form <code>POST /session</code>',
        );
        expect(codesIn(page.text, 'stored-form-changed')).toEqual([
          'colour',
          'flashes',
        ]);
        expect(codesIn(page.text, 'stored-changed')).toEqual(['flashes']);
        // Told once: the next page says only what it changed itself.
        const next = await agent.get('/session').set(FR).expect(200);
        expect(next.text).not.toContain('data-testid="stored-form-changed"');

        await postForm(
          agent,
          '/session/pop',
          { key: 'colour' },
          {
            page: '/session',
          },
        ).expect(303);
        const french = await agent.get('/session').set(FR).expect(200);
        expect(french.text).toContain(
          'Modifié par votre formulaire <code>POST /session/pop</code>',
        );
        expect(codesIn(french.text, 'stored-form-changed')).toEqual([
          'colour',
          'flashes',
        ]);
      });

      it('keeps nothing in the database for it: the post’s keys come back in a cookie, once', async () => {
        const agent = await csrfAgent(t.server);
        const posted = await postForm(agent, '/session', {
          key: 'k',
          value: 'v',
        }).expect(303);
        const record = (await stored(t, sidOf(posted)))!;
        const { cookie: _cookie, ...data } = record.data;
        expect(Object.keys(data).sort()).toEqual(['flashes', 'k']);
        // The same session without that cookie: the page cannot tell.
        const sid = cookiePair(posted, 'sid')!;
        const without = await request(t.server)
          .get('/session')
          .set('Cookie', sid)
          .expect(200);
        expect(without.text).not.toContain('data-testid="stored-form-changed"');
        expect(codesIn(without.text, 'stored-changed')).toEqual(['flashes']);
      });

      it('ignores a forged or broken cookie', async () => {
        const page = await request(t.server)
          .get('/session')
          .set('Cookie', 'sid_changed=%7B%22a%22%3A1%7D')
          .expect(200);
        expect(page.text).not.toContain('data-testid="stored-form-changed"');
      });
    });

    describe('Course: the app keeps lang, loggedin and user', () => {
      it('lists them read-only on the session page, with who sets them and why they cannot be set here', async () => {
        const agent = await csrfAgent(t.server);
        const anonymous = await agent.get('/session').expect(200);
        expect(anonymous.text).not.toContain('data-testid="app-keys"');
        expect(testId(anonymous.text, 'app-keys-note')).toContain(
          'read-only, because only the app may set them',
        );
        await postLogin(agent, DEMO).expect(303);
        const english = await agent.get('/session').expect(200);
        expect(testId(english.text, 'app-keys')).toContain(
          'the login; read-only here',
        );
        await postForm(
          agent,
          '/course/language',
          { lang: 'fr', next: '/session' },
          { page: '/session' },
        ).expect(303);
        // The switch keeps French in the session (and its cookie): the page is French.
        const page = await agent.get('/session').expect(200);
        const table = /data-testid="app-keys">([\s\S]*?)<\/table>/.exec(
          page.text,
        )![1];
        const rows = [
          ...table.matchAll(
            /<tr><td[^>]*><code>(\w+)<\/code><\/td><td[^>]*>([^<]*)<\/td>/g,
          ),
        ].map((m) => [m[1], unescapeHtml(m[2])]);
        expect(rows.map(([key]) => key)).toEqual(['loggedin', 'user', 'lang']);
        expect(rows[0][1]).toBe('true');
        expect(JSON.parse(rows[1][1])).toMatchObject({ email: DEMO.email });
        expect(rows[2][1]).toBe('fr');
        expect(table).toContain('en lecture seule ici');
        // Still refused by the set form.
        const refused = await postForm(agent, '/session', {
          key: 'loggedin',
          value: 'false',
        });
        expect(refused.status).toBe(400);
        expect(page.text).toContain(
          'Les clés que garde l’application : affichées, jamais modifiées par ces formulaires',
        );
      });
    });

    describe('Course: durations in English and French', () => {
      it('shows the time left with units of the page’s language', async () => {
        const agent = await csrfAgent(t.server);
        await postLogin(agent, DEMO).expect(303);
        // Ten minutes into a 53-hour session: "2 d 4 h" whatever the milliseconds.
        t.clock.advance(10 * 60_000);
        await agent.get('/').expect(200);
        const english = await agent.get('/session').expect(200);
        expect(testId(english.text, 'absolute-left')).toBe('2 d 4 h');
        expect(testId(english.text, 'idle-left')).toBe('30 min');
        const french = await agent.get('/session').set(FR).expect(200);
        expect(testId(french.text, 'absolute-left')).toBe('2 j 4 h');
      });
    });
  },
);

describe('Course: session timeout, when the idle timeout is shorter than the demo', () => {
  const t = useTestApp({ env: { SESSION_IDLE_MINUTES: '0.25' } });

  it('offers no demo and sets no deadline: it may only shorten a session', async () => {
    const agent = await csrfAgent(t.server);
    const home = await agent.get('/').expect(200);
    const page = await agent.get('/course/timeout').expect(200);
    expect(page.text).not.toContain('data-testid="expire-button"');
    expect(testId(page.text, 'demo-unavailable')).toContain(
      'already 20 seconds or shorter',
    );
    await postForm(
      agent,
      '/course/timeout/expire',
      {},
      {
        page: '/course/timeout',
      },
    ).expect(303);
    const after = await agent.get('/course/timeout').expect(200);
    expect(flashes(after.text)).toEqual([
      {
        category: 'warning',
        text: 'The idle timeout is 20 seconds or shorter: stay idle that long and your session ends by itself',
      },
    ]);
    expect(after.text).not.toContain('data-testid="countdown"');
    expect((await stored(t, sidOf(home)))?.data.cookie).toMatchObject({
      originalMaxAge: null,
    });
  });
});
