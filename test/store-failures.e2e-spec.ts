import request from 'supertest';
import {
  FaultProxy,
  hostAndPort,
  isMongoSessionWrite,
  isRedisSessionWrite,
  withPort,
} from './utils/fault-proxy.js';
import { SESSION_STORES, STORE_NAMES, testRedisUrl } from './utils/stores.js';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfPass, csrfTokenOf, postForm, postWith } from './utils/forms.js';
import { cookiePair } from './utils/cookies.js';
import {
  countOf,
  eventually,
  sessionStoreOf,
  sidOf,
} from './utils/session-helpers.js';
import {
  dropDatabase,
  uniqueDatabaseUri,
  useTestApp,
} from './utils/test-app.js';
import { keyOf } from './utils/session-helpers.js';

/**
 * A session write that does not reach the database is a 503 that says
 * nothing was changed, on either store; a request whose write is held back
 * while its session is destroyed does not bring it back. The faults are real:
 * a TCP proxy between the app and the database breaks or holds back the
 * connection when a session write goes through.
 */
describe('Session writes held back while the session is destroyed (MongoDB)', () => {
  // Only here: a Redis client has one connection, so a write held back holds
  // every later command with it. The store contract (packages/session) checks
  // the same rule on both stores, without a network fault.
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
    store: 'mongodb',
  }));

  afterEach(() => {
    proxy.mode = 'pass';
    proxy.release();
  });

  afterAll(async () => {
    await proxy.stop();
    await dropDatabase(directUri);
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
});

describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'A session write that fails (%s)',
  (_name, store) => {
    const directUri = uniqueDatabaseUri('save_failures');
    const target = hostAndPort(store === 'redis' ? testRedisUrl() : directUri);
    const proxy = new FaultProxy(
      target.host,
      target.port,
      store === 'redis' ? isRedisSessionWrite : isMongoSessionWrite,
    );
    let proxyPort: number;

    beforeAll(async () => {
      proxyPort = await proxy.start();
    });

    // The app reaches the session store through the proxy.
    const t = useTestApp(() =>
      store === 'redis'
        ? { store, env: { REDIS_URL: withPort(testRedisUrl(), proxyPort) } }
        : {
            store,
            databaseUri: withPort(directUri, proxyPort),
            keepDatabase: true,
          },
    );

    /** Back to normal: the store reconnected (a dropped Redis connection is re-opened). */
    async function healed(): Promise<void> {
      proxy.mode = 'pass';
      const store = sessionStoreOf(t);
      expect(await eventually(() => store.ping(500), 5_000, 50)).toBe(true);
    }

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
      await healed();

      expect(proxy.faults).toBeGreaterThan(faultsBefore);
      expect(res.status).toBe(503);
      expect(res.text).toContain('nothing was changed');
      const after = await agent.get('/').expect(200);
      expect(countOf(after.text)).toBe(4);
      expect(after.text).not.toContain('Counter reset');
    });

    it('a failed save during login gives 503, no login, and the visitor keeps their session', async () => {
      const agent = request.agent(t.server);
      await agent.get('/');
      await agent.get('/');
      proxy.mode = 'drop-session-writes';
      const faultsBefore = proxy.faults;
      const res = await postLogin(agent, DEMO);
      await healed();

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
      await healed();
      expect(res.status).toBe(503);
      expect(res.text).toContain('nothing was changed');
      await agent.get('/secret').expect(200);
    });
  },
);
