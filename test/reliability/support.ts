import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import {
  request as httpRequest,
  type Agent,
  type IncomingHttpHeaders,
} from 'node:http';
import type { Response } from 'supertest';
import { cookiePair, sessionIdOf } from '../utils/cookies.js';
import { csrfTokenOf } from '../utils/forms.js';
import { findSession, type StoredView } from '../utils/session-helpers.js';
import type { TestApp } from '../utils/test-app.js';

/** The counter shown on the home page. */
export { countOf } from '../utils/session-helpers.js';

/** The `sid=…` cookie pair a response set; fails the test when there is none. */
export function sidCookieOf(res: Response): string {
  const pair = cookiePair(res, 'sid');
  if (!pair) throw new Error(`no session cookie in the ${res.status} answer`);
  return pair;
}

/** The stored session behind a `sid=…` cookie pair, read straight from the app's store. */
export function storedSession(
  t: TestApp,
  sidPair: string,
): Promise<StoredView | null> {
  return findSession(t, sessionIdOf(sidPair));
}

export async function sessionCount(connection: Connection): Promise<number> {
  return connection.collection('sessions').countDocuments();
}

/** Runs `task` for each item with at most `limit` running at once; results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the time it took. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpCall {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A keep-alive agent for floods (thousands of requests, few sockets); none by default. */
  agent?: Agent | false;
  timeoutMs?: number;
}

/** One request with plain node:http: no client library that cleans up or refuses odd input. */
export function httpCall(base: string, call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(base);
  const body =
    typeof call.body === 'string' ? Buffer.from(call.body) : call.body;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: call.method ?? 'GET',
        path: call.path,
        headers: {
          ...call.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        agent: call.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const timeoutMs = call.timeoutMs ?? 10_000;
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    if (body) req.write(body);
    req.end();
  });
}

/** The `name=value` pair of a cookie set by an answer. */
export function setCookiePair(
  answer: HttpAnswer,
  name: string,
): string | undefined {
  return (answer.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .find((pair) => pair.startsWith(`${name}=`));
}

/**
 * A browser in miniature: one cookie jar for every server it talks to (as a
 * browser shares cookies between ports of one host), forms posted with the
 * CSRF token of the page that shows them.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly accept = 'text/html') {}

  get cookieHeader(): string {
    return [...this.cookies]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  async request(base: string, call: HttpCall): Promise<HttpAnswer> {
    const res = await httpCall(base, {
      ...call,
      headers: {
        accept: this.accept,
        ...(this.cookies.size ? { cookie: this.cookieHeader } : {}),
        ...call.headers,
      },
    });
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const expired = attributes.some((a) =>
        /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  }

  get(base: string, path: string, timeoutMs?: number): Promise<HttpAnswer> {
    return this.request(base, { path, timeoutMs });
  }

  /** Loads `pagePath` for its CSRF token, then posts the form to `action`. */
  async submit(
    base: string,
    pagePath: string,
    action: string,
    fields: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const page = await this.get(base, pagePath);
    return this.post(base, action, {
      ...fields,
      _csrf: csrfTokenOf(page.text),
    });
  }

  post(
    base: string,
    action: string,
    fields: Record<string, string>,
    timeoutMs?: number,
  ): Promise<HttpAnswer> {
    return this.request(base, {
      method: 'POST',
      path: action,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      timeoutMs,
    });
  }

  /** The `sid=…` pair the browser holds. */
  get sid(): string | undefined {
    const value = this.cookies.get('sid');
    return value === undefined ? undefined : `sid=${value}`;
  }
}
