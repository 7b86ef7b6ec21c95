import request from 'supertest';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { cookiePair } from './cookies.js';

/**
 * How the tests post CSRF-protected forms, in one place. A client loads a
 * form page and keeps what a browser would (csrfPass); every POST then
 * carries that pass the same way (withPass: the cookies a jar-less client
 * must send, and the token). postForm does both for one form; csrfAgent is a
 * cookie jar that, like a browser, posts with the pass of the last page it
 * loaded, without loading another one.
 */

/** `request(server)` (no cookie jar) or `request.agent(server)` (a jar, like a browser). */
export type Client = TestAgent;

/** What a browser holds after loading a form page: the token and the cookies to send with it. */
export interface CsrfPass {
  token: string;
  /** The cookies to send: the given ones and the CSRF cookie (empty for an agent, whose jar has them). */
  cookies: string[];
}

export interface FormOptions {
  /** Cookies a jar-less client sends, e.g. a session cookie pair `sid=…`. */
  cookie?: string | string[];
  /** The page that shows the form; the action by default. */
  page?: string;
}

/** The CSRF token of the first form in a page. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

const hasJar = (client: Client): boolean => 'jar' in client;

const asList = (cookie: string | string[] | undefined): string[] =>
  cookie === undefined ? [] : Array.isArray(cookie) ? cookie : [cookie];

/**
 * Loads a form page as a browser does, for the CSRF token in the form and the
 * CSRF cookie set with it. A jar-less client gets the cookies back to send.
 */
export async function csrfPass(
  client: Client,
  page: string,
  cookie?: string | string[],
): Promise<CsrfPass> {
  const given = asList(cookie);
  const get = client.get(page);
  if (given.length > 0) get.set('Cookie', given.join('; '));
  const res = await get;
  if (res.status !== 200)
    throw new Error(`GET ${page} answered ${res.status}, not the form`);
  const token = csrfTokenOf(res.text);
  if (hasJar(client)) return { token, cookies: [] };
  const csrfCookie = cookiePair(res, 'csrf') ?? cookiePair(res, '__Host-csrf');
  if (!csrfCookie) throw new Error(`GET ${page} set no CSRF cookie`);
  return { token, cookies: [...given, csrfCookie] };
}

/** The one way a request carries a pass: its cookies (jar-less clients) and the token header. */
function withPass(test: request.Test, pass: CsrfPass): request.Test {
  if (pass.cookies.length > 0) test.set('Cookie', pass.cookies.join('; '));
  return test.set('x-csrf-token', pass.token);
}

/** A POST carrying a CSRF pass; the caller sets the body (a form, JSON, raw text) and any header. */
export function postWith(
  client: Client,
  action: string,
  pass: CsrfPass,
): request.Test {
  return withPass(client.post(action), pass);
}

/** A form post under way; `expect(status)` checks the status, as supertest's does. */
export interface PendingPost extends Promise<request.Response> {
  expect(status: number): PendingPost;
}

function pending(response: Promise<request.Response>): PendingPost {
  const result = response as PendingPost;
  result.expect = (status: number) =>
    pending(
      response.then((res) => {
        if (res.status !== status)
          throw new Error(
            `expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`,
          );
        return res;
      }),
    );
  return result;
}

/**
 * Submits a form as a browser does: loads the page that shows it (the action
 * by default), then posts the fields with the page's token in `_csrf`.
 */
export function postForm(
  client: Client,
  action: string,
  fields: Record<string, string> = {},
  options: FormOptions = {},
): PendingPost {
  return pending(
    csrfPass(client, options.page ?? action, options.cookie).then((pass) =>
      postWith(client, action, pass)
        .type('form')
        .send({ ...fields, _csrf: pass.token }),
    ),
  );
}

/**
 * A cookie jar that behaves like a browser with CSRF tokens: it keeps the
 * pass of the last page with a form it loaded and sends it with every POST,
 * so tests can post right after loading a page, as a visitor does.
 */
export async function csrfAgent(
  server: Parameters<typeof request.agent>[0],
): Promise<TestAgent> {
  const browser = request.agent(server);
  let pass: CsrfPass | undefined;
  const remember = (res: Response) => {
    const found = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (found) pass = { token: found[1], cookies: [] };
  };
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    const original = browser[method].bind(browser);
    (browser as unknown as Record<string, unknown>)[method] = (url: string) => {
      const test = original(url);
      if (method !== 'get' && pass) withPass(test, pass);
      test.on('response', remember);
      return test;
    };
  }
  // As a browser, it has seen a page with a form before it posts anything
  // (the login page: it creates no session).
  await browser.get('/login');
  return browser;
}

/**
 * @deprecated postForm(agent, action, fields, { page }). Kept, as a name only,
 * for the session-store, session-writes and concurrency specs until they move.
 */
export function submitForm(
  agent: Client,
  page: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<request.Response> {
  return postForm(agent, action, fields, { page });
}

/**
 * @deprecated csrfPass(request(server), '/login'). Kept, as a name only, for
 * the session-store spec until it moves.
 */
export async function anonymousCsrf(
  server: Parameters<typeof request>[0],
): Promise<{ cookie: string; token: string }> {
  const pass = await csrfPass(request(server), '/login');
  return { cookie: pass.cookies[0], token: pass.token };
}
