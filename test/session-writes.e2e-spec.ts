import request from 'supertest';
import { SessionService } from '@nest-sessions/session';
import { DEMO, postLogin, sessionIdSet } from './utils/auth.js';
import { csrfAgent, submitForm } from './utils/forms.js';
import {
  countOf,
  findSession,
  sidOf,
  sidCookie,
} from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import {
  createTestApp,
  dropDatabase,
  type TestApp,
  useTestApp,
} from './utils/test-app.js';

describe('Session writes: parallel requests of one visitor do not erase each other', () => {
  const t = useTestApp();

  /** A browser whose session exists already (one key set through the dictionary page). */
  async function visitorWithSession() {
    const agent = await csrfAgent(t.server);
    await agent.get('/session').expect(200);
    const first = await agent
      .post('/session')
      .type('form')
      .send({ key: 'seed', value: 'x' })
      .expect(303);
    return { agent, id: sidOf(first) };
  }

  it('20 parallel requests setting 20 different keys leave all 20 keys', async () => {
    const { agent, id } = await visitorWithSession();
    const keys = Array.from({ length: 20 }, (_, i) => `key${i}`);
    const answers = await Promise.all(
      keys.map((key) =>
        agent
          .post('/session')
          .type('form')
          .send({ key, value: `v-${key}` }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(keys.map(() => 303));

    const doc = await findSession(t, id);
    const stored = doc!.session;
    for (const key of keys) expect(stored[key]).toBe(`v-${key}`);
    expect(stored.seed).toBe('x');
  });

  it('50 parallel counter requests end at exactly 50', async () => {
    const { agent, id } = await visitorWithSession();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => agent.get('/')),
    );
    expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200));

    const doc = await findSession(t, id);
    expect((doc!.session as { count?: number }).count).toBe(50);
    const next = await agent.get('/').expect(200);
    expect(countOf(next.text)).toBe(51);
  });

  it('a key removed by one request and a key set by another both take effect', async () => {
    const { agent, id } = await visitorWithSession();
    await agent.post('/session/pop').type('form').send({ key: 'seed' });
    await Promise.all([
      agent.post('/session').type('form').send({ key: 'kept', value: '1' }),
      agent.get('/'),
    ]);
    const stored = (await findSession(t, id))!.session;
    expect(stored.seed).toBeUndefined();
    expect(stored.kept).toBe('1');
    expect(stored.count).toBe(1);
  });
});

describe.each(SESSION_STORES)(
  'Session writes at login (%s): the session the visitor had is deleted, and nothing when they had none',
  (store) => {
    const t = useTestApp({ store });

    it(`deletes the pre-login session from ${STORE_NAMES[store]} and sends no delete for a visitor without one`, async () => {
      const destroyed: string[] = [];
      const onDestroy = (sid: string) => destroyed.push(sid);
      const sessions = t.app.get(SessionService).store;
      sessions.on('destroy', onDestroy);
      try {
        const fresh = await postLogin(request(t.server), DEMO).expect(303);
        expect(sessionIdSet(fresh)).toBeDefined();
        expect(destroyed).toEqual([]);

        const visit = await request(t.server).get('/').expect(200);
        const login = await postLogin(request(t.server), DEMO, {
          cookie: sidCookie(visit),
        }).expect(303);
        expect(sessionIdSet(login)).toEqual(expect.any(String));
        expect(sessionIdSet(login)).not.toBe(sidOf(visit));
        expect(destroyed).toEqual([sidOf(visit)]);
      } finally {
        sessions.off('destroy', onDestroy);
      }
    });
  },
);

describe('Session page: time left for a logged-in user', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' },
    });
  });

  afterAll(async () => {
    await t.close();
    await dropDatabase(t.databaseUri);
  });

  it('shows how long until the session ends, idle and absolute, computed on the server', async () => {
    const agent = await csrfAgent(t.server);
    const anonymous = await agent.get('/session').expect(200);
    expect(anonymous.text).not.toContain('data-testid="idle-left"');

    const login = await submitForm(agent, '/login', '/login', {
      email: 'admin@nomades.ch',
      password: '1234',
    });
    expect(login.status).toBe(303);
    const page = await agent.get('/session').expect(200);
    expect(page.text).toContain('<dd data-testid="idle-left">30 min</dd>');
    expect(page.text).toMatch(
      /<dd data-testid="absolute-left">(2 h|1 h 59 min)<\/dd>/,
    );
  });
});
