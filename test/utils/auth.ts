import type { Connection } from 'mongoose';
import request from 'supertest';
import { cookiePair, sessionIdOf } from './cookies.js';

export const DEMO = { email: 'admin@nomades.ch', password: '1234' };

/** Posts the login form as a browser would. */
export function postLogin(
  client: { post: (url: string) => request.Test },
  fields: Record<string, string>,
) {
  return client.post('/login').type('form').send(fields);
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
