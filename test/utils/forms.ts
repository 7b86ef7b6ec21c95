import request from 'supertest';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

/** The CSRF token of the first form in a page. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

/**
 * Submits a form as a browser does: loads the page that shows it (for the
 * CSRF token and cookie), then posts the fields with that token.
 */
export async function submitForm(
  agent: TestAgent,
  pagePath: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf(page.text) });
}

/**
 * A supertest agent that behaves like a browser with CSRF tokens: it keeps the
 * token of the last page it loaded and sends it with every POST (as the
 * x-csrf-token header), so tests can post right after loading a page.
 */
export async function csrfAgent(
  server: Parameters<typeof request.agent>[0],
): Promise<TestAgent> {
  const agent = request.agent(server);
  let token: string | undefined;
  const remember = (res: Response) => {
    const found = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (found) token = found[1];
  };
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    const original = agent[method].bind(agent);
    (agent as unknown as Record<string, unknown>)[method] = (url: string) => {
      const test = original(url);
      if (method !== 'get' && token) test.set('x-csrf-token', token);
      test.on('response', remember);
      return test;
    };
  }
  // As a browser, it has seen a page with a form before it posts anything
  // (the login page: it creates no session).
  await agent.get('/login');
  return agent;
}

/**
 * A CSRF cookie and its token for a client without a cookie jar, as a visitor
 * without a login gets them from the login page.
 */
export async function anonymousCsrf(
  server: Parameters<typeof request>[0],
): Promise<{ cookie: string; token: string }> {
  const page = await request(server).get('/login').expect(200);
  const header = page.headers['set-cookie'] as string[] | string | undefined;
  const lines =
    header === undefined ? [] : Array.isArray(header) ? header : [header];
  const cookie = lines
    .map((line) => line.split(';')[0])
    .find((pair) => /^(__Host-)?csrf=/.test(pair));
  if (!cookie) throw new Error('the login page set no CSRF cookie');
  return { cookie, token: csrfTokenOf(page.text) };
}
