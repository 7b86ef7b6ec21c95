import request from 'supertest';
import { csrfTokenOf, submitForm } from '../utils/forms.js';
import {
  createTestApp,
  dropDatabase,
  type TestApp,
} from '../utils/test-app.js';
import { countOf, sidCookieOf, storedSession } from './support.js';

const PARALLEL = 50;

/**
 * Fault 5: one visitor, many requests at once (tabs, a double click, a
 * script). Whole-session writes would race (the last write wins, as in Flask,
 * Django and Rails); the store writes only the keys a request changed and
 * increments the counter atomically, so nothing is lost: no error status, a
 * readable session, the counter at exactly 50, every key kept.
 */
describe('Reliability: concurrent requests of one visitor', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    // A real listening socket: parallel requests really run in parallel.
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
  });

  afterAll(async () => {
    await t.close();
    await dropDatabase(t.databaseUri);
  });

  it(`${PARALLEL} parallel counter requests: no error, readable session, counter at exactly ${PARALLEL}`, async () => {
    const agent = request.agent(base);
    // A stored session without a count, so every parallel request uses the same one.
    const stored = await submitForm(agent, '/session', '/session', {
      key: 'colour',
      value: 'blue',
    });
    expect(stored.status).toBe(303);
    const sid = sidCookieOf(stored);

    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        request(base).get('/').set('Cookie', sid),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(PARALLEL).fill(200));
    for (const res of answers) {
      const shown = countOf(res.text);
      expect(shown).toBeGreaterThanOrEqual(1);
      expect(shown).toBeLessThanOrEqual(PARALLEL);
    }

    const doc = await storedSession(t, sid);
    const count = Number(doc?.session.count);
    expect(count).toBe(PARALLEL);
    expect(doc?.session.colour).toBe('blue');
    process.stderr.write(
      `[reliability] ${PARALLEL} parallel counter requests: counter ${count}, ${PARALLEL - count} increments lost\n`,
    );

    // Still one readable session that goes on counting.
    const next = await request(base).get('/').set('Cookie', sid).expect(200);
    expect(countOf(next.text)).toBe(count + 1);
    const page = await request(base)
      .get('/session')
      .set('Cookie', sid)
      .expect(200);
    expect(page.text).toContain('<code>colour</code>');
  });

  it('20 parallel form posts that set 20 different keys keep all 20', async () => {
    const agent = request.agent(base);
    await submitForm(agent, '/session', '/session', {
      key: 'first',
      value: '1',
    }).then((res) => expect(res.status).toBe(303));
    const token = csrfTokenOf((await agent.get('/session')).text);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);

    const answers = await Promise.all(
      keys.map((key) =>
        agent
          .post('/session')
          .type('form')
          .send({ key, value: key, _csrf: token }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(
      Array(keys.length).fill(303),
    );

    const page = await agent.get('/session').expect(200);
    const survivors = keys.filter((key) =>
      page.text.includes(`<code>${key}</code>`),
    );
    expect(page.text).toContain('<code>first</code>');
    expect(survivors).toEqual(keys);
    process.stderr.write(
      `[reliability] 20 parallel posts of different keys: ${survivors.length} of 20 keys kept\n`,
    );
  });
});
