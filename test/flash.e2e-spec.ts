import type { SessionData } from 'express-session';
import request from 'supertest';
import { csrfAgent } from './utils/forms.js';
import { FLASH_CATEGORIES } from '../src/flash/flash.types.js';
import { findSession, flashesOn, sidOf } from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

describe('Flash messages', () => {
  const t = useTestApp();

  it('survive redirects, show once on the next rendered page, in the order they were set', async () => {
    const agent = await csrfAgent(t.server);
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'a', value: '1' })
      .expect(303);
    await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'nothing' })
      .expect(303);
    await agent.post('/counter/reset').expect(303);

    const page = await agent.get('/session').expect(200);
    expect(flashesOn(page.text)).toEqual([
      { category: 'success', text: 'Stored session[&quot;a&quot;]' },
      {
        category: 'warning',
        text: 'There was no key &quot;nothing&quot; in the session',
      },
      { category: 'info', text: 'Counter reset' },
    ]);
    // Errors are announced at once to screen readers, the rest politely.
    expect(page.text).toMatch(/<p class="flash flash-success" role="status">/);

    const again = await agent.get('/session').expect(200);
    expect(flashesOn(again.text)).toEqual([]);
    expect(again.text).not.toContain('class="flashes"');
  });

  it('wait for a rendered page: a JSON response does not consume them', async () => {
    const agent = await csrfAgent(t.server);
    await agent.post('/counter/reset').expect(303);
    await agent.get('/health').expect(200);
    const page = await agent.get('/').expect(200);
    expect(flashesOn(page.text)).toEqual([
      { category: 'info', text: 'Counter reset' },
    ]);
  });

  it('are gone from the stored session once shown', async () => {
    const agent = await csrfAgent(t.server);
    const id = sidOf(await agent.post('/counter/reset').expect(303));
    const stored = async () =>
      (await findSession(t, id))?.session as SessionData | undefined;
    expect((await stored())?.flashes).toHaveLength(1);
    await agent.get('/').expect(200);
    expect(await stored()).toBeDefined();
    expect((await stored())?.flashes).toBeUndefined();
  });

  it('have a style for every category', async () => {
    const css = await request(t.server).get('/static/css/main.css').expect(200);
    for (const category of FLASH_CATEGORIES) {
      expect(css.text).toMatch(new RegExp(`\\.flash-${category}\\s*\\{`));
    }
  });
});
