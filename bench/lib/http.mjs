// Small HTTP client for preparing scenarios: cookies, logins, probes.
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every request says it came through a TLS-terminating proxy (see bench/README.md). */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'https' };

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function request(port, { method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...PROXY_HEADERS,
          ...(body === undefined
            ? {}
            : {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
              }),
          ...headers,
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout on ${method} ${path}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Whether a Set-Cookie line removes its cookie (Max-Age 0 or less, or an Expires in the past), as a browser reads it. */
function removes(line) {
  const maxAge = /;\s*max-age=(-?\d+)/i.exec(line);
  if (maxAge) return Number(maxAge[1]) <= 0;
  const expires = /;\s*expires=([^;]+)/i.exec(line);
  return expires !== null && Date.parse(expires[1]) <= Date.now();
}

/** `name=value; name2=value2` from a response's Set-Cookie headers, as a browser keeps them, or undefined. */
export function cookieFrom(response, previous) {
  const jar = new Map();
  for (const pair of (previous ?? '').split('; ').filter(Boolean)) {
    const [name] = pair.split('=');
    jar.set(name, pair);
  }
  for (const line of response.headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0];
    const [name] = pair.split('=');
    if (removes(line)) jar.delete(name);
    else jar.set(name, pair);
  }
  return jar.size === 0 ? undefined : [...jar.values()].join('; ');
}

export async function waitUntilUp(port, path, proc, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc?.exited) throw new Error(`exited with ${proc.code} before answering`);
    try {
      const res = await request(port, { path });
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`no answer on port ${port} within ${timeoutMs} ms`);
}

/** Hidden fields of the first form in a page (a CSRF token, if the app uses one). */
export function hiddenFields(html) {
  const fields = {};
  for (const match of html.matchAll(/<input[^>]*type=["']hidden["'][^>]*>/gi)) {
    const name = match[0].match(/name=["']([^"']+)["']/i)?.[1];
    const value = match[0].match(/value=["']([^"']*)["']/i)?.[1] ?? '';
    if (name) fields[name] = value;
  }
  return fields;
}

export const LOGIN = { email: 'admin@nomades.ch', password: '1234' };

/**
 * Logs in like a browser: GET /login first (for a CSRF field and its cookie,
 * if the app has them), then the form-encoded POST. Returns
 * { status, cookie, form } or { status } when /login does not exist.
 */
export async function login(port) {
  const page = await request(port, { path: '/login' });
  if (page.status === 404) return { status: 404 };
  const extra = hiddenFields(page.body);
  const cookie = Object.keys(extra).length > 0 ? cookieFrom(page) : undefined;
  const body = new URLSearchParams({ ...extra, ...LOGIN }).toString();
  const res = await request(port, {
    method: 'POST',
    path: '/login',
    body,
    headers: cookie ? { cookie } : {},
  });
  return { status: res.status, cookie: cookieFrom(res, cookie), body, preCookie: cookie, location: res.headers.location };
}

/** Refuses to start when something already listens on one of our ports (another instance, someone else's server). */
export async function assertPortsFree(ports) {
  for (const port of ports) {
    const inUse = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (inUse) throw new Error(`port ${port} is already in use on 127.0.0.1: stop what uses it, or choose other ports (BENCH_DB_PORT, BENCH_PORT_BASE)`);
  }
}
