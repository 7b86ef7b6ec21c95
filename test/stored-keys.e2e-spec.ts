import request from 'supertest';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfAgent } from './utils/forms.js';
import {
  findSession,
  keyOf,
  signedSid,
  sidOf,
} from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

/**
 * Session IDs are kept at rest only as their SHA-256 (computed here, not
 * taken from the app). Someone who reads the database, even with the cookie
 * secret, gets no cookie that works: a stored key, signed as a cookie, opens
 * nothing, leaves the owner's session alone, and never makes the app fail.
 * Runs on both stores.
 */
describe('A key read from the database opens no session', () => {
  const t = useTestApp();

  it('the stored key of a logged-in session, signed with the secret, is not logged in', async () => {
    const victim = await csrfAgent(t.server);
    const login = await postLogin(victim, DEMO).expect(303);
    const sid = sidOf(login);
    expect(await findSession(t, sid)).not.toBeNull();

    for (const forged of [keyOf(sid), `{${keyOf(sid)}}`]) {
      const res = await request(t.server)
        .get('/userinfo')
        .set('Cookie', signedSid(forged));
      // Not logged in: the guard sends the visitor to the login page.
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
    }

    // The owner is still logged in.
    await victim.get('/userinfo').expect(200);
  });

  it('the stored key of an anonymous session holds none of its data', async () => {
    const visitor = request.agent(t.server);
    const first = await visitor.get('/').expect(200);
    await visitor.get('/').expect(200);
    const sid = sidOf(first);
    const forged = await request(t.server)
      .get('/')
      .set('Cookie', signedSid(keyOf(sid)))
      .expect(200);
    expect(forged.text).toContain('data-testid="count">1<');
    expect(await findSession(t, sid)).toMatchObject({ session: { count: 2 } });
  });
});
