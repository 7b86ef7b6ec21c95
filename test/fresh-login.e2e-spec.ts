import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { AuthModule } from '../src/auth/auth.module.js';
import type TestAgent from 'supertest/lib/agent.js';
import { RequiresFreshLogin } from '../src/auth/fresh-login.guard.js';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfAgent } from './utils/forms.js';
import { findSession, sidOf } from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

const FRESH_MINUTES = 10;

/** A sensitive action of the test's own, that says what it received. */
@Controller('test-fresh')
class SensitiveEchoController {
  @Post()
  @HttpCode(200)
  @RequiresFreshLogin()
  echo(@Body() body: Record<string, unknown>) {
    return { received: body };
  }
}

@Module({ imports: [AuthModule], controllers: [SensitiveEchoController] })
class SensitiveEchoModule {}

/** The hidden fields of the confirmation form, by name. */
function keptFields(html: string): Record<string, string> {
  const form = /<form[^>]*data-testid="confirm-password"[\s\S]*?<\/form>/.exec(
    html,
  )?.[0];
  if (!form) throw new Error(`no confirmation form in: ${html.slice(0, 300)}`);
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
      .filter(([, name]) => name !== '_csrf')
      .map(([, name, value]) => [name, value]),
  );
}

/**
 * Sensitive actions (ending other sessions, changing the password) ask for
 * the password when this session's last check is older than
 * FRESH_LOGIN_MINUTES: a session stolen or left open hours ago cannot do
 * them. The check is a login's, throttled the same way, and the action's
 * form survives it. Runs on both stores.
 */
describe('A fresh login for sensitive actions', () => {
  const t = useTestApp({
    imports: [SensitiveEchoModule],
    env: { LOGIN_MAX_FAILURES_PER_CLIENT: '3' },
  });

  async function loggedIn(): Promise<{ agent: TestAgent; sid: string }> {
    const agent = await csrfAgent(t.server);
    const login = await postLogin(agent, DEMO).expect(303);
    await agent.get('/account/sessions').expect(200);
    return { agent, sid: sidOf(login) };
  }

  const stale = () => t.clock.advance(FRESH_MINUTES * 60_000 + 1);

  it('runs at once right after the login', async () => {
    const other = await loggedIn();
    const { agent } = await loggedIn();
    await agent
      .post('/account/sessions/revoke-others')
      .type('form')
      .send({})
      .expect(303);
    expect(await findSession(t, other.sid)).toBeNull();
  });

  it('past the age, asks for the password and does nothing; a wrong one changes nothing; the right one does it, and the next action runs at once', async () => {
    const other = await loggedIn();
    const { agent } = await loggedIn();
    stale();
    const asked = await agent
      .post('/account/sessions/revoke-others')
      .type('form')
      .send({});
    expect(asked.status).toBe(401);
    expect(asked.text).toContain('Confirm your password');
    expect(asked.text).toContain('action="/account/sessions/revoke-others"');
    expect(await findSession(t, other.sid)).not.toBeNull();

    const wrong = await agent
      .post('/account/sessions/revoke-others')
      .type('form')
      .send({ passwordCheck: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The password is wrong, so nothing was done.');
    expect(await findSession(t, other.sid)).not.toBeNull();

    await agent
      .post('/account/sessions/revoke-others')
      .type('form')
      .send({ passwordCheck: DEMO.password })
      .expect(303);
    expect(await findSession(t, other.sid)).toBeNull();

    const third = await loggedIn();
    t.clock.advance(FRESH_MINUTES * 30_000);
    await agent
      .post('/account/sessions/revoke-others')
      .type('form')
      .send({})
      .expect(303);
    expect(await findSession(t, third.sid)).toBeNull();
  });

  it('keeps the form’s fields across the confirmation, never a secret one', async () => {
    const { agent } = await loggedIn();
    stale();
    const asked = await agent
      .post('/test-fresh')
      .type('form')
      .send({ note: 'keep me', newPassword: 'never echoed' });
    expect(asked.status).toBe(401);
    const kept = keptFields(asked.text);
    expect(kept).toEqual({ note: 'keep me' });
    const done = await agent
      .post('/test-fresh')
      .type('form')
      .send({ ...kept, passwordCheck: DEMO.password })
      .expect(200);
    expect(done.body).toEqual({ received: { note: 'keep me' } });
  });

  it('is throttled as a login: wrong passwords run out, then even the right one waits', async () => {
    const { agent } = await loggedIn();
    stale();
    for (let i = 0; i < 3; i++)
      await agent
        .post('/test-fresh')
        .type('form')
        .send({ passwordCheck: 'wrong' })
        .expect(401);
    const held = await agent
      .post('/test-fresh')
      .type('form')
      .send({ passwordCheck: DEMO.password });
    expect(held.status).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers a JSON client with 401 and what to send', async () => {
    const { agent } = await loggedIn();
    stale();
    const res = await agent
      .post('/test-fresh')
      .set('Accept', 'application/json')
      .send({ note: 'x' })
      .expect(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      message:
        'Confirm your password to continue: this action needs a recent password check.',
    });
  });

  it('a password change checks the current password itself: that check counts', async () => {
    const { agent } = await loggedIn();
    stale();
    await agent
      .post('/account/password')
      .type('form')
      .send({
        currentPassword: DEMO.password,
        newPassword: 'a brand new pass phrase',
        confirmPassword: 'a brand new pass phrase',
      })
      .expect(303);
    // A new session ID, so a new page for its form token; fresh again: the next sensitive action runs at once.
    await agent.get('/account/sessions').expect(200);
    await agent.post('/test-fresh').type('form').send({}).expect(200);
  });
});
