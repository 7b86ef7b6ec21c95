import request from 'supertest';
import { cookiePair } from './utils/cookies.js';
import { submitForm } from './utils/forms.js';
import { createTestApp, dropDatabase, type TestApp } from './utils/test-app.js';

const countOf = (html: string): number => {
  const match = /data-testid="count">(\d+)</.exec(html);
  if (!match) throw new Error(`no count in page: ${html.slice(0, 300)}`);
  return Number(match[1]);
};

describe('The counter (the course example)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
    await dropDatabase(t.databaseUri);
  });

  it('counts each visitor separately, starting at 1', async () => {
    const alice = request.agent(t.server);
    const bob = request.agent(t.server);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(1);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(2);
    expect(countOf((await bob.get('/').expect(200)).text)).toBe(1);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(3);
  });

  it('shares one counter between two tabs of one browser (same cookie)', async () => {
    const first = await request(t.server).get('/').expect(200);
    const cookie = cookiePair(first, 'sid')!;
    const [a, b] = await Promise.all([
      request(t.server).get('/').set('Cookie', cookie),
      request(t.server).get('/').set('Cookie', cookie),
    ]);
    // Both tabs continue the same counter (from 1); when they race, the last write wins.
    for (const page of [a, b]) expect([2, 3]).toContain(countOf(page.text));
    const after = await request(t.server)
      .get('/')
      .set('Cookie', cookie)
      .expect(200);
    expect(countOf(after.text)).toBeGreaterThanOrEqual(3);
  });

  it('reset removes the count, flashes once and redirects with 303', async () => {
    const agent = request.agent(t.server);
    await agent.get('/');
    const res = await submitForm(agent, '/', '/counter/reset');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const page = await agent.get('/').expect(200);
    expect(countOf(page.text)).toBe(1);
    expect(page.text).toContain('Counter reset');
    expect((await agent.get('/').expect(200)).text).not.toContain(
      'Counter reset',
    );
  });
});
