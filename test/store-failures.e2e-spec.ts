import request from 'supertest';
import { FaultProxy, hostAndPort, withPort } from './utils/fault-proxy.js';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfPass, csrfTokenOf, postForm, postWith } from './utils/forms.js';
import { cookiePair } from './utils/cookies.js';
import { countOf, eventually, sidOf } from './utils/session-helpers.js';
import {
  dropDatabase,
  uniqueDatabaseUri,
  useTestApp,
} from './utils/test-app.js';
import { keyOf } from './utils/session-helpers.js';

describe('Session store failures are not hidden', () => {
  const directUri = uniqueDatabaseUri('store_failures');
  const { host, port } = hostAndPort(directUri);
  const proxy = new FaultProxy(host, port);
  let proxyPort: number;

  beforeAll(async () => {
    proxyPort = await proxy.start();
  });

  // The app reaches its database through the proxy, which can drop or hold back writes.
  const t = useTestApp(() => ({
    databaseUri: withPort(directUri, proxyPort),
    keepDatabase: true,
  }));

  afterEach(() => {
    proxy.mode = 'pass';
    proxy.release();
  });

  afterAll(async () => {
    await proxy.stop();
    await dropDatabase(directUri);
  });

  it('a failed save during a counter reset gives 503 and changes nothing visible', async () => {
    const agent = request.agent(t.server);
    await agent.get('/');
    await agent.get('/');
    const page = await agent.get('/');
    expect(countOf(page.text)).toBe(3);

    proxy.mode = 'drop-session-writes';
    const faultsBefore = proxy.faults;
    const res = await postForm(
      agent,
      '/counter/reset',
      {},
      { page: '/session' },
    ).catch((error: Error) => {
      throw new Error(`request failed: ${error.message}`);
    });
    proxy.mode = 'pass';

    expect(proxy.faults).toBeGreaterThan(faultsBefore);
    expect(res.status).toBe(503);
    expect(res.text).toContain('nothing was changed');
    const after = await agent.get('/').expect(200);
    expect(countOf(after.text)).toBe(4);
    expect(after.text).not.toContain('Counter reset');
  });

  it('a request that ends after its session was destroyed does not bring it back', async () => {
    const agent = request.agent(t.server);
    const first = await agent.get('/');
    const sessions = t.connection.collection('sessions');
    const doc = { _id: keyOf(sidOf(first)) as never };
    expect(await sessions.findOne(doc)).not.toBeNull();
    const page = await agent.get('/session');
    const token = csrfTokenOf(page.text);

    proxy.mode = 'hold-session-writes';
    const faultsBefore = proxy.faults;
    const slow = agent
      .post('/session')
      .type('form')
      .send({ key: 'late', value: 'write', _csrf: token });
    const pending = slow.then((res) => res);
    // While the slow request waits on its write, the session is destroyed (as a logout does).
    expect(await eventually(() => proxy.faults > faultsBefore, 5_000, 10)).toBe(
      true,
    );
    proxy.mode = 'pass';
    await sessions.deleteOne({ _id: doc._id });
    // Only now does the slow request's write reach the database.
    proxy.release();
    const res = await pending;

    expect([303, 503]).toContain(res.status);
    expect(await sessions.findOne({ _id: doc._id })).toBeNull();
  });

  it('a request that ends after a real POST /logout does not bring the session back', async () => {
    const sessions = t.connection.collection('sessions');
    const login = await postLogin(request(t.server), DEMO).expect(303);
    const sid = cookiePair(login, 'sid')!;
    const id = decodeURIComponent(sid.slice(4)).slice(2).split('.')[0];
    // One browser, two tabs: both hold the session and CSRF cookies and the page's token.
    const pass = await csrfPass(request(t.server), '/session', sid);

    proxy.mode = 'hold-session-writes';
    const faultsBefore = proxy.faults;
    const slow = postWith(request(t.server), '/session', pass)
      .type('form')
      .send({ key: 'late', value: 'write', _csrf: pass.token })
      .then((res) => res);
    // Once the slow request's write is held back, the other tab logs out at full speed.
    expect(await eventually(() => proxy.faults > faultsBefore, 5_000, 10)).toBe(
      true,
    );
    proxy.mode = 'pass';
    const logout = await postWith(request(t.server), '/logout', pass)
      .type('form')
      .send({ _csrf: pass.token })
      .expect(303);
    expect(logout.headers.location).toBe('/login');
    expect(await sessions.findOne({ _id: keyOf(id) as never })).toBeNull();

    // Only now does the slow request's write reach the database.
    proxy.release();
    const res = await slow;
    expect([303, 503]).toContain(res.status);
    expect(await sessions.findOne({ _id: keyOf(id) as never })).toBeNull();
    expect(await sessions.countDocuments({ 'session.late': 'write' })).toBe(0);
    await request(t.server).get('/secret').set('Cookie', sid).expect(303);
  });

  it('a failed save during login gives 503, no login, and the visitor keeps their session', async () => {
    const agent = request.agent(t.server);
    await agent.get('/');
    await agent.get('/');
    proxy.mode = 'drop-session-writes';
    const faultsBefore = proxy.faults;
    const res = await postLogin(agent, DEMO);
    proxy.mode = 'pass';

    expect(proxy.faults).toBeGreaterThan(faultsBefore);
    expect(res.status).toBe(503);
    expect(res.text).toContain('nothing was changed');
    expect(res.headers.location).toBeUndefined();
    const denied = await agent.get('/secret').expect(303);
    expect(denied.headers.location).toBe('/login?next=%2Fsecret');
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('data-testid="nav-user"');
    // The visitor keeps the session they had: the counter goes on from 2.
    expect(countOf(home.text)).toBe(3);
  });

  it('a failed save during logout gives 503 and the visitor stays logged in', async () => {
    const agent = request.agent(t.server);
    await agent.get('/');
    await postLogin(agent, DEMO).expect(303);
    await agent.get('/secret').expect(200);
    proxy.mode = 'drop-session-writes';
    const res = await postForm(agent, '/logout');
    proxy.mode = 'pass';
    expect(res.status).toBe(503);
    expect(res.text).toContain('nothing was changed');
    await agent.get('/secret').expect(200);
  });
});
