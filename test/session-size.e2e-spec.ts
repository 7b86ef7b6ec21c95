import { csrfAgent } from './utils/forms.js';
import { findSession, sidCookie } from './utils/session-helpers.js';
import { sessionIdOf } from './utils/cookies.js';
import { useTestApp } from './utils/test-app.js';

/**
 * A session's size is bounded (SESSION_MAX_KB): a request that would grow it
 * past the limit gets 413 with a message that says so, and nothing of that
 * request is kept, while what was stored before stays.
 */
describe('Session size limit', () => {
  const t = useTestApp({ env: { SESSION_MAX_KB: '4' } });
  const value = (char: string) => char.repeat(1_000);

  it('refuses a change that would pass the limit with 413, and keeps what was stored', async () => {
    const agent = await csrfAgent(t.server);
    const first = await agent
      .post('/session')
      .type('form')
      .send({ key: 'a', value: value('a') })
      .expect(303);
    const id = sessionIdOf(sidCookie(first));
    for (const key of ['b', 'c'])
      await agent
        .post('/session')
        .type('form')
        .send({ key, value: value(key) })
        .expect(303);

    const refused = await agent
      .post('/session')
      .type('form')
      .send({ key: 'd', value: value('d') })
      .expect(413);
    expect(refused.text).toContain('Your session would grow too large');

    const doc = await findSession(t, id);
    expect(Object.keys(doc!.session).sort()).toEqual(
      expect.arrayContaining(['a', 'b', 'c']),
    );
    expect(doc!.session).not.toHaveProperty('d');
    // The session goes on working: a small change is kept.
    await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'a' })
      .expect(303);
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'small', value: 'x' })
      .expect(303);
    const after = await findSession(t, id);
    expect(after!.session).toMatchObject({ small: 'x', b: value('b') });
    expect(after!.session).not.toHaveProperty('a');
  });

  it('answers JSON clients with 413 and the same message', async () => {
    const agent = await csrfAgent(t.server);
    for (const key of ['a', 'b', 'c'])
      await agent
        .post('/session')
        .type('form')
        .send({ key, value: value(key) })
        .expect(303);
    const res = await agent
      .post('/session')
      .set('Accept', 'application/json')
      .type('form')
      .send({ key: 'd', value: value('d') })
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      message: expect.stringContaining('too large') as unknown,
    });
  });
});
