import type { Connection } from 'mongoose';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { cookiePair, sessionIdOf } from './cookies.js';
import { csrfTokenOf } from './forms.js';

export const DEMO = { email: 'admin@nomades.ch', password: '1234' };

/** `request(server)` (no cookie jar) or `request.agent(server)` (a jar, like a browser). */
export type Client = TestAgent;

export interface FormOptions {
  /** Cookies a jar-less client sends, e.g. a session cookie pair `sid=…`. */
  cookie?: string | string[];
  /** The page that shows the form; the action by default. */
  page?: string;
}

/** What a browser holds after loading a form page: the token and the cookies to send with it. */
export interface CsrfPass {
  token: string;
  /** The cookies to send: the given ones and the CSRF cookie (empty for an agent, whose jar has them). */
  cookies: string[];
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

/** A POST carrying a CSRF pass: the cookies, and the token in the form or the header. */
export function postWith(
  client: Client,
  action: string,
  pass: CsrfPass,
): request.Test {
  const post = client.post(action);
  if (pass.cookies.length > 0) post.set('Cookie', pass.cookies.join('; '));
  return post.set('x-csrf-token', pass.token);
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

/** Posts a form as a browser would: loads the page that shows it, then posts the fields with its token. */
export function postForm(
  client: Client,
  action: string,
  fields: Record<string, string>,
  options: FormOptions = {},
): PendingPost {
  return pending(
    csrfPass(client, options.page ?? action, options.cookie).then((pass) => {
      const post = client.post(action);
      if (pass.cookies.length > 0) post.set('Cookie', pass.cookies.join('; '));
      return post.type('form').send({ ...fields, _csrf: pass.token });
    }),
  );
}

/** Posts the login form as a browser would (GET /login for the token, then POST). */
export function postLogin(
  client: Client,
  fields: Record<string, string>,
  options: FormOptions = {},
): PendingPost {
  return postForm(client, '/login', fields, options);
}

/** Posts the registration form as a browser would. */
export function postRegister(
  client: Client,
  fields: Record<string, string>,
  options: FormOptions = {},
): PendingPost {
  return postForm(client, '/register', fields, options);
}

/** Posts the logout form as a browser would (the form is on GET /logout). */
export function postLogout(
  client: Client,
  fields: Record<string, string> = {},
  options: FormOptions = {},
): PendingPost {
  return postForm(client, '/logout', fields, options);
}

/** The session ID set by a response, if it set one. */
export function sessionIdSet(res: request.Response): string | undefined {
  const pair = cookiePair(res, 'sid');
  return pair ? sessionIdOf(pair) : undefined;
}

/** Collection names of every query mongoose sends, until stop() is called. */
export function recordQueries(connection: Connection): {
  collections: string[];
  stop: () => void;
} {
  const collections: string[] = [];
  connection.set('debug', (collection: string) => {
    collections.push(collection);
  });
  return {
    collections,
    stop: () => {
      connection.set('debug', false);
    },
  };
}
