import request from 'supertest';
import { csrfAgent } from './utils/forms.js';
import {
  countOf,
  flashesOn,
  sidCookie,
  sidOf,
  findSession,
} from './utils/session-helpers.js';
import { createTestApp, dropDatabase, useTestApp } from './utils/test-app.js';

describe('The counter (the course example)', () => {
  const t = useTestApp();

  it('counts each visitor separately, starting at 1', async () => {
    const alice = await csrfAgent(t.server);
    const bob = await csrfAgent(t.server);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(1);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(2);
    expect(countOf((await bob.get('/').expect(200)).text)).toBe(1);
    expect(countOf((await alice.get('/').expect(200)).text)).toBe(3);
  });

  it('shares one counter between two tabs of one browser (same cookie)', async () => {
    const first = await request(t.server).get('/').expect(200);
    const cookie = sidCookie(first);
    const id = sidOf(first);
    const tabs = await Promise.all(
      [1, 2, 3].map(() =>
        request(t.server).get('/').set('Cookie', cookie).expect(200),
      ),
    );
    // Every tab continues the same session: no tab starts again at 1 or gets another ID.
    for (const tab of tabs) {
      expect(countOf(tab.text)).toBeGreaterThanOrEqual(2);
      expect(countOf(tab.text)).toBeLessThanOrEqual(4);
      expect(sidOf(tab)).toBe(id);
    }
    expect(await findSession(t, id)).not.toBeNull();
    // Parallel writes to one session are last-write-wins (express-session saves whole
    // sessions), so the next count is at least one more than what any tab saw.
    const highest = Math.max(...tabs.map((tab) => countOf(tab.text)));
    const after = await request(t.server)
      .get('/')
      .set('Cookie', cookie)
      .expect(200);
    expect(countOf(after.text)).toBeGreaterThan(highest);
  });

  it('keeps counting after the app restarts on the same database', async () => {
    const first = await createTestApp();
    let cookie: string;
    try {
      const one = await request(first.server).get('/').expect(200);
      cookie = sidCookie(one);
      await request(first.server).get('/').set('Cookie', cookie).expect(200);
    } finally {
      await first.close();
    }
    const second = await createTestApp({ databaseUri: first.databaseUri });
    try {
      const res = await request(second.server)
        .get('/')
        .set('Cookie', cookie)
        .expect(200);
      expect(countOf(res.text)).toBe(3);
    } finally {
      await second.close();
      await dropDatabase(first.databaseUri);
    }
  });

  it('reset removes the count, flashes once and redirects with 303', async () => {
    const agent = await csrfAgent(t.server);
    await agent.get('/');
    await agent.get('/');
    const res = await agent.post('/counter/reset').expect(303);
    expect(res.headers.location).toBe('/');
    const page = await agent.get('/').expect(200);
    expect(countOf(page.text)).toBe(1);
    expect(flashesOn(page.text)).toEqual([
      { category: 'info', text: 'Counter reset' },
    ]);
    expect((await agent.get('/').expect(200)).text).not.toContain(
      'Counter reset',
    );
  });
});
