import request from 'supertest';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfAgent } from './utils/forms.js';
import { flashesOn, sessionStoreOf } from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

const MAX = 50;
/** As many as the outside test made: 300 sessions before the bound. */
const LOGINS = 300;

/**
 * An account keeps at most SESSIONS_PER_ACCOUNT live sessions (50): a login
 * beyond ends the least recently used, says so, and the sessions page states
 * the bound. Logins that succeed are otherwise unlimited, so without it a
 * script could fill the store for one account. Runs on both stores.
 */
describe('Sessions per account', () => {
  const t = useTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
    },
  });

  it(`${LOGINS} logins leave ${MAX} sessions: the newest, the least recently used ended`, async () => {
    const demo = await t.connection
      .collection('users')
      .findOne({ email: DEMO.email });
    const userId = String(demo!._id);
    const first = await csrfAgent(t.server);
    await postLogin(first, DEMO).expect(303);
    for (let i = 1; i < LOGINS; i++) {
      t.clock.advance(1_000);
      const res = await postLogin(await csrfAgent(t.server), DEMO);
      expect(res.status).toBe(303);
    }
    expect((await sessionStoreOf(t).userSessions(userId)).length).toBe(MAX);
    // The first browser's session was the least recently used: ended.
    const back = await first.get('/secret');
    expect(back.status).toBe(303);

    const last = await csrfAgent(t.server);
    await postLogin(last, DEMO).expect(303);
    const page = await last.get('/account/sessions').expect(200);
    expect(flashesOn(page.text)).toContainEqual({
      category: 'warning',
      text: `An account keeps at most ${MAX} sessions: 1 session, your least recently used, ended`,
    });
    expect(page.text).toContain(`An account keeps at most ${MAX} sessions`);
    expect((page.text.match(/data-testid="session-row"/g) ?? []).length).toBe(
      MAX,
    );
    await request(t.server).get('/').expect(200);
  }, 180_000);
});
