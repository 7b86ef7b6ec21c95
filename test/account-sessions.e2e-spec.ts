import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { csrfAgent, postForm } from './utils/forms.js';
import { sessionIdOf } from './utils/cookies.js';
import {
  clearSessions,
  countSessions,
  findSession,
  flashesOn,
  sessionStoreOf,
  sidOf,
} from './utils/session-helpers.js';
import {
  createTestApp,
  dropDatabase,
  type TestApp,
  useTestApp,
} from './utils/test-app.js';

/** Submits a form as a browser does (from the page at its action) and checks the answer's status. */
async function submit(
  status: number,
  agent: TestAgent,
  action: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const res = await postForm(agent, action, fields);
  expect(res.status).toBe(status);
  return res;
}

const DEMO = { email: 'admin@nomades.ch', password: '1234' };
const FIREFOX =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

interface Row {
  ref: string;
  current: boolean;
}

/** The rows of the sessions page. */
function rowsOf(html: string): Row[] {
  return [
    ...html.matchAll(
      /data-testid="session-row" data-ref="([^"]+)"( data-current="true")?/g,
    ),
  ].map((match) => ({ ref: match[1], current: match[2] !== undefined }));
}

describe('Account: a user sees and ends their sessions', () => {
  const t = useTestApp();

  beforeEach(async () => {
    await clearSessions(t);
  });

  /** A browser logged in as `who`, with its own user agent. */
  async function loggedIn(
    who: { email: string; password: string },
    userAgent = FIREFOX,
  ): Promise<TestAgent> {
    const agent = await csrfAgent(t.server);
    agent.set('User-Agent', userAgent);
    await submit(303, agent, '/login', who);
    return agent;
  }

  async function registered(email: string): Promise<TestAgent> {
    const agent = await csrfAgent(t.server);
    const password = 'correct horse battery';
    await submit(303, agent, '/register', {
      email,
      password,
      confirm: password,
    });
    // Registration logs nobody in (it answers alike for a taken email).
    await submit(303, agent, '/login', { email, password });
    return agent;
  }

  async function sessionRows(agent: TestAgent): Promise<Row[]> {
    const page = await agent.get('/account/sessions').expect(200);
    return rowsOf(page.text);
  }

  /** The session ID an agent's cookie jar holds. */
  function sidOfAgent(agent: TestAgent): string {
    const cookie = (
      agent as unknown as {
        jar: { getCookie(name: string, access: unknown): { value: string } };
      }
    ).jar.getCookie('sid', {
      path: '/',
      domain: '127.0.0.1',
      secure: false,
      script: false,
    });
    return sessionIdOf(`sid=${cookie.value}`);
  }

  /** The demo user's sessions, as the store lists them. */
  async function demoSessions() {
    const demo = await t.connection
      .collection('users')
      .findOne({ email: DEMO.email });
    return sessionStoreOf(t).userSessions(String(demo!._id));
  }

  async function isAnonymous(agent: TestAgent): Promise<boolean> {
    const res = await agent.get('/account/sessions');
    return res.status === 303 && /^\/login\?/.test(res.headers.location);
  }

  it('is only for logged-in users', async () => {
    const res = await request(t.server).get('/account/sessions').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Faccount%2Fsessions');
    await request(t.server).get('/account/password').expect(303);
  });

  it('stores the owner, the client and the times at the top of the document', async () => {
    const agent = await loggedIn(DEMO);
    const page = await agent.get('/account/sessions').expect(200);
    expect(await countSessions(t)).toBe(1);
    const doc = (await findSession(t, sidOfAgent(agent)))!;
    expect(doc.userId).toMatch(/^[0-9a-f]{24}$/);
    expect(doc.client).toEqual({
      browser: 'Firefox 120',
      os: 'Windows 10',
      ip: '127.0.0.x',
    });
    expect(doc.createdAt).toBeInstanceOf(Date);
    expect(doc.lastModified).toBeInstanceOf(Date);
    expect(doc.session).toMatchObject({ loggedin: true });
    // The page describes the client, and never shows the session ID.
    expect(page.text).toContain('Firefox 120');
    expect(page.text).toContain('127.0.0.x');
    expect(page.text).not.toContain(sidOfAgent(agent));
  });

  it('clears the owner at logout', async () => {
    const agent = await loggedIn(DEMO);
    await agent.get('/logout').expect(200);
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ keep: '1' })
      .expect(303);
    const doc = await findSession(t, sidOf(out));
    expect(doc).not.toBeNull();
    expect(doc!.userId).toBeUndefined();
    expect(await demoSessions()).toEqual([]);
  });

  it('clears the owner when session.clear() removes the login in place', async () => {
    const agent = await loggedIn(DEMO);
    await agent.get('/session').expect(200);
    await agent.post('/session/clear').expect(303);
    expect(await demoSessions()).toEqual([]);
    expect((await findSession(t, sidOfAgent(agent)))!.userId).toBeUndefined();
    expect(await isAnonymous(agent)).toBe(true);
  });

  it('two clients of one user see two rows; one ends the other; another user sees only their own and gets 404', async () => {
    const first = await loggedIn(DEMO, FIREFOX);
    const second = await loggedIn(DEMO, SAFARI);

    const seenByFirst = await sessionRows(first);
    const seenBySecond = await sessionRows(second);
    expect(seenByFirst).toHaveLength(2);
    expect(seenBySecond).toHaveLength(2);
    // The most recently active session comes first: the second wrote last (its login
    // message was consumed when its page rendered).
    expect((await sessionRows(second))[0].current).toBe(true);
    expect((await sessionRows(first))[0].current).toBe(false);
    expect(seenByFirst.filter((row) => row.current)).toHaveLength(1);
    const secondRef = seenBySecond.find((row) => row.current)!.ref;
    const firstRef = seenByFirst.find((row) => row.current)!.ref;
    expect(secondRef).not.toBe(firstRef);

    const other = await registered('other@example.com');
    const otherRows = await sessionRows(other);
    expect(otherRows).toHaveLength(1);
    expect(otherRows[0].current).toBe(true);
    // Someone else's session is as unknown as one that does not exist.
    await other.post(`/account/sessions/${firstRef}/revoke`).expect(404);
    await other.post('/account/sessions/00000000/revoke').expect(404);
    await other.post('/account/sessions/not-a-ref/revoke').expect(404);
    expect(await sessionRows(first)).toHaveLength(2);

    const ended = await first
      .post(`/account/sessions/${secondRef}/revoke`)
      .expect(303);
    expect(ended.headers.location).toBe('/account/sessions');
    const after = await first.get('/account/sessions').expect(200);
    expect(flashesOn(after.text)).toEqual([
      { category: 'success', text: 'The session was ended' },
    ]);
    expect(rowsOf(after.text)).toEqual([{ ref: firstRef, current: true }]);
    expect(await isAnonymous(second)).toBe(true);
    expect(await sessionRows(other)).toHaveLength(1);
  });

  it('ending the session in use logs the browser out', async () => {
    const agent = await loggedIn(DEMO);
    const [row] = await sessionRows(agent);
    const res = await agent
      .post(`/account/sessions/${row.ref}/revoke`)
      .expect(303);
    expect(res.headers.location).toBe('/login');
    expect(await isAnonymous(agent)).toBe(true);
  });

  it('revoke-others ends every other session of the user and keeps the current one', async () => {
    const first = await loggedIn(DEMO);
    const second = await loggedIn(DEMO, SAFARI);
    const third = await loggedIn(DEMO);
    const other = await registered('someone@example.com');
    expect(await sessionRows(first)).toHaveLength(3);

    await first.post('/account/sessions/revoke-others').expect(303);
    const page = await first.get('/account/sessions').expect(200);
    expect(flashesOn(page.text)).toEqual([
      { category: 'success', text: 'Ended 2 other sessions' },
    ]);
    expect(rowsOf(page.text)).toHaveLength(1);
    expect(await isAnonymous(second)).toBe(true);
    expect(await isAnonymous(third)).toBe(true);
    // Another user's session is not touched.
    expect(await sessionRows(other)).toHaveLength(1);
  });
});

describe('Account: password change', () => {
  let t: TestApp;
  const email = 'changer@example.com';
  const password = 'first password';

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
    await dropDatabase(t.databaseUri);
  });

  async function logIn(secret: string): Promise<TestAgent> {
    const agent = await csrfAgent(t.server);
    await submit(303, agent, '/login', {
      email,
      password: secret,
    });
    return agent;
  }

  it('refuses a wrong current password or a bad new one with 400, changing nothing', async () => {
    const agent = await csrfAgent(t.server);
    await submit(303, agent, '/register', {
      email,
      password,
      confirm: password,
    });
    await submit(303, agent, '/login', { email, password });

    const wrong = await submit(400, agent, '/account/password', {
      currentPassword: 'not it at all',
      newPassword: 'second password',
      confirmPassword: 'second password',
    });
    expect(wrong.text).toContain('the current password is wrong');

    const short = await submit(400, agent, '/account/password', {
      currentPassword: password,
      newPassword: 'short',
      confirmPassword: 'short',
    });
    expect(short.text).toContain('new password must be at least 8 characters');

    const mismatch = await submit(400, agent, '/account/password', {
      currentPassword: password,
      newPassword: 'second password',
      confirmPassword: 'second passwort',
    });
    expect(mismatch.text).toContain('the two new passwords must be the same');

    const missing = await submit(400, agent, '/account/password', {});
    expect(missing.text).toContain('current password must be text');

    // The old password still works.
    await logIn(password);
  });

  it('ends every other session, gives the current one a new ID and keeps it logged in', async () => {
    const current = await logIn(password);
    const other = await logIn(password);
    const before = sidOf(await current.get('/account/password').expect(200));

    const changed = await submit(303, current, '/account/password', {
      currentPassword: password,
      newPassword: 'second password',
      confirmPassword: 'second password',
    });
    const after = sidOf(changed);
    expect(after).not.toBe(before);
    expect(await findSession(t, before)).toBeNull();

    const page = await current.get('/account/sessions').expect(200);
    expect(flashesOn(page.text)).toEqual([
      {
        category: 'success',
        text: 'Your password was changed; your other sessions were ended',
      },
    ]);
    expect(rowsOf(page.text)).toEqual([
      { ref: expect.any(String) as string, current: true },
    ]);
    const res = await other.get('/account/sessions');
    expect(res.status).toBe(303);

    const old = await csrfAgent(t.server);
    await submit(401, old, '/login', { email, password });
    await logIn('second password');
  });
});
