import request, { type Response } from 'supertest';
import { csrfPass, postWith } from './forms.js';
import type { TestApp } from './test-app.js';

/** The texts of a refused form: its summary, or its list of field errors. */
export const formErrors = (html: string): string[] => [
  ...[...html.matchAll(/data-testid="form-error">([^<]*)</g)].map((m) => m[1]),
  ...[
    ...(
      /data-testid="form-errors">(.*?)<\/ul>/s.exec(html)?.[1] ?? ''
    ).matchAll(/<li>([^<]*)<\/li>/g),
  ].map((m) => m[1]),
];

let addresses = 0;
/** A client address of its own, so that the per-address limit stays out of tests about something else. */
export const freshAddress = () => `198.51.100.${++addresses}`;

/** A registration from a browser without a cookie jar, behind the trusted proxy at `ip`. */
export async function register(
  t: TestApp,
  fields: { email: string; password: string; confirm?: string },
  ip = freshAddress(),
): Promise<Response> {
  const pass = await csrfPass(request(t.server), '/register');
  return postWith(request(t.server), '/register', pass)
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({
      confirm: fields.password,
      ...fields,
      _csrf: pass.token,
    });
}

/** A password that passes the policy, for tests about something else. */
export const STRONG = 'plenty of unrelated words here';
