import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { postForm } from './utils/forms.js';
import {
  startHostRewritingProxy,
  type HostRewritingProxy,
} from './utils/host-rewriting-proxy.js';
import { useTestApp, type TestApp } from './utils/test-app.js';

/** The name visitors use; the proxy in front of the app terminates TLS for it. */
const PUBLIC_HOST = 'sessions.example.org';
const PUBLIC_ORIGIN = `https://${PUBLIC_HOST}`;

/** The app listening on 127.0.0.1, with a proxy in front that rewrites Host (nginx's default). */
function behindProxy(env: Record<string, string>): {
  t: TestApp;
  proxy: () => HostRewritingProxy;
} {
  const t = useTestApp({ env: { TRUST_PROXY: 'true', ...env } });
  let proxy: HostRewritingProxy | undefined;
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    proxy = await startHostRewritingProxy(port);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  return { t, proxy: () => proxy! };
}

/** A browser that reached the site through the proxy, sending these headers with every request. */
function browser(
  proxy: HostRewritingProxy,
  headers: Record<string, string>,
): TestAgent {
  const agent = request.agent(proxy.url).set('Host', PUBLIC_HOST);
  for (const [name, value] of Object.entries(headers)) agent.set(name, value);
  return agent;
}

/**
 * Every form of the app, submitted in an order that keeps each one
 * reachable (registered, logged in, out and in again); the status of
 * each POST, by action.
 */
async function submitEveryForm(
  agent: TestAgent,
): Promise<Record<string, number>> {
  const email = `proxy-${Date.now()}@example.org`;
  const first = 'a long first password';
  const second = 'a long second password';
  const statuses: Record<string, number> = {};
  const submit = async (
    action: string,
    fields: Record<string, string>,
    page = action,
  ): Promise<void> => {
    try {
      statuses[action] = (
        await postForm(agent, action, fields, { page })
      ).status;
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; answers so far: ${JSON.stringify(statuses)}`,
      );
    }
  };
  await submit('/register', { email, password: first, confirm: first });
  // Registration logs nobody in: the same answer for a taken address.
  await submit('/login', { email, password: first });
  await submit('/session', { key: 'colour', value: 'blue' });
  await submit('/session/pop', { key: 'colour' }, '/session');
  await submit('/counter/reset', {}, '/');
  await submit('/course/flash', {});
  await submit('/course/language', { lang: 'en', next: '/' }, '/');
  await submit('/account/password', {
    currentPassword: first,
    newPassword: second,
    confirmPassword: second,
  });
  await submit('/account/sessions/revoke-others', {}, '/account/sessions');
  await submit('/logout', { keep: '1' });
  await submit('/login', { email, password: second });
  const sessions = await agent.get('/account/sessions').expect(200);
  const revoke = /action="(\/account\/sessions\/[0-9a-f]+\/revoke)"/.exec(
    sessions.text,
  );
  if (!revoke) throw new Error('no revoke form on /account/sessions');
  await submit(revoke[1], {}, '/account/sessions');
  await submit('/login', { email, password: second });
  await submit('/session/clear', {}, '/session');
  return statuses;
}

/** Every action that was posted, answered 303 (a 403 or a 400 shows which). */
function expectAllAccepted(statuses: Record<string, number>): void {
  expect(Object.keys(statuses)).toHaveLength(12);
  expect(statuses).toEqual(
    Object.fromEntries(Object.keys(statuses).map((action) => [action, 303])),
  );
}

describe('Behind a proxy that rewrites Host (TRUST_PROXY=true)', () => {
  describe('with no origin configured', () => {
    const { proxy } = behindProxy({});

    it('accepts every form from a browser that sends Sec-Fetch-Site: same-origin', async () => {
      const agent = browser(proxy(), {
        Origin: PUBLIC_ORIGIN,
        'Sec-Fetch-Site': 'same-origin',
      });
      expectAllAccepted(await submitEveryForm(agent));
    });

    it('still refuses a form posted from another site, with the app’s 403 page', async () => {
      const agent = browser(proxy(), {});
      const page = await agent.get('/').expect(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      for (const headers of [
        { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
        { Origin: 'https://evil.example' },
        { Origin: PUBLIC_ORIGIN, 'Sec-Fetch-Site': 'same-site' },
      ]) {
        const res = await agent
          .post('/counter/reset')
          .set(headers)
          .type('form')
          .send({ _csrf: token })
          .expect(403);
        expect(res.text).toContain('did not come from this site');
      }
    });

    it("keeps the proxy's request ID, and makes one when it gives none or one that could forge a log line", async () => {
      const given = await browser(proxy(), { 'X-Request-Id': 'nginx-42.abc' })
        .get('/login')
        .expect(200);
      expect(given.headers['x-request-id']).toBe('nginx-42.abc');
      for (const headers of [{}, { 'X-Request-Id': 'two words' }] as Record<
        string,
        string
      >[]) {
        const made = await browser(proxy(), headers).get('/login').expect(200);
        expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  describe('with TRUSTED_ORIGINS naming the public origin', () => {
    const { proxy } = behindProxy({ TRUSTED_ORIGINS: PUBLIC_ORIGIN });

    it('accepts every form from a browser that sends Origin but no Sec-Fetch-Site', async () => {
      const agent = browser(proxy(), { Origin: PUBLIC_ORIGIN });
      expectAllAccepted(await submitEveryForm(agent));
    });

    it('refuses any other origin', async () => {
      const agent = browser(proxy(), {});
      const page = await agent.get('/').expect(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      await agent
        .post('/counter/reset')
        .set('Origin', 'https://other.example.org')
        .type('form')
        .send({ _csrf: token })
        .expect(403);
    });
  });
});

describe('The cross-origin check without a proxy', () => {
  const t = useTestApp();

  it('ignores the default port of the Origin scheme', async () => {
    const agent = request.agent(t.server).set('Host', 'localhost:80');
    const page = await agent.get('/').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await agent
      .post('/counter/reset')
      .set('Origin', 'http://localhost')
      .type('form')
      .send({ _csrf: token })
      .expect(303);
  });
});
