import type { Connection } from 'mongoose';
import type request from 'supertest';
import { cookiePair, sessionIdOf } from './cookies.js';
import {
  postForm,
  type Client,
  type FormOptions,
  type PendingPost,
} from './forms.js';

export const DEMO = { email: 'admin@nomades.ch', password: '1234' };

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
