// The measured scenarios: what each one drives and how a server is prepared for it.
import { cookieFrom, login, request } from './http.mjs';

export const LOGIN_BODY = 'email=admin%40nomades.ch&password=1234';

/**
 * The accounts the login scenario logs in to, one request after the other:
 * the demo account, then `bench-<n>@example.com`, all with the password 1234.
 * Many accounts, as on a real site: one account logging in a few hundred
 * times a second would be past its limit of live sessions (SESSIONS_PER_ACCOUNT)
 * on every login, which no real account is.
 */
export function loginAccounts(n) {
  return ['admin@nomades.ch', ...Array.from({ length: Math.max(0, n - 1) }, (_, i) => `bench-${i + 1}@example.com`)];
}

/**
 * Adds the login scenario's accounts but the demo one (which the app seeds
 * itself, and the benchmark adds to bench_users) to the app's users (as
 * UsersService stores them) and to the baseline's and Flask's bench_users.
 */
export async function seedLoginAccounts(db, passwordHash, n) {
  const extra = loginAccounts(n).slice(1);
  if (extra.length === 0) return;
  const now = new Date();
  await db.collection('bench_users').insertMany(extra.map((email) => ({ _id: email, passwordHash })));
  await db.collection('users').insertMany(extra.map((email) => ({ email, passwordHash, createdAt: now, lastLoginAt: null })));
}

/** Cookies of `n` fresh visitors of GET / (each a new session). */
export async function visitorCookies(port, n) {
  const cookies = [];
  for (let i = 0; i < n; i++) {
    const res = await request(port, { path: '/' });
    if (res.status === 404) return { unavailable: 'GET / answers 404' };
    const cookie = cookieFrom(res);
    if (res.status !== 200 || !cookie) return { failed: `GET / answered ${res.status}${cookie ? '' : ' without a cookie'}` };
    cookies.push(cookie);
  }
  return { cookies };
}

/**
 * Cookies of `n` logged-in visitors, each checked against a first GET /secret
 * and kept as a browser keeps them after that page: the login flash has been
 * shown, and the CSRF cookie is the one bound to the new session (the
 * pre-login one stops validating at login, so a client that kept it would get
 * a new token and its Set-Cookie on every page, as no browser does).
 */
export async function loginCookies(port, n) {
  const cookies = [];
  for (let i = 0; i < n; i++) {
    const res = await login(port);
    if (res.status === 404) return { unavailable: 'POST /login answers 404' };
    if (res.status < 300 || res.status >= 400 || !res.cookie)
      return { failed: `POST /login answered ${res.status}${res.cookie ? '' : ' without a cookie'}` };
    const check = await request(port, { path: '/secret', headers: { cookie: res.cookie } });
    if (check.status === 404) return { unavailable: 'GET /secret answers 404' };
    if (check.status !== 200) return { failed: `GET /secret answered ${check.status} when logged in` };
    cookies.push(cookieFrom(check, res.cookie));
  }
  return { cookies };
}

const is2xx = (s) => s >= 200 && s < 300;
const is3xx = (s) => s >= 300 && s < 400;

/**
 * Each scenario: how to prepare a server (cookies), what to drive, and what
 * the limit does (if anything). `visitors`: 'many' (a cookie per connection) or 'one'.
 * Used by the benchmark (bench/run.mjs) and the profiles (bench/profile.mjs).
 */
export function scenarios({ connections, loginConnections, loginAccounts: accounts = 1 }) {
  return [
  { id: 'counter-many', kind: 'counter', visitors: 'many', title: 'counter, many visitors', path: '/', expect: is2xx, prepare: (port) => visitorCookies(port, connections), limit: 'counter' },
  { id: 'counter-one', kind: 'counter', visitors: 'one', title: 'counter, one visitor', path: '/', expect: is2xx, prepare: (port) => visitorCookies(port, 1), limit: 'counter' },
  { id: 'read-many', kind: 'read', visitors: 'many', title: 'read, many visitors', path: '/secret', expect: is2xx, prepare: (port) => loginCookies(port, connections), limit: 'read' },
  { id: 'read-one', kind: 'read', visitors: 'one', title: 'read, one visitor', path: '/secret', expect: is2xx, prepare: (port) => loginCookies(port, 1), limit: 'read' },
  {
    id: 'anonymous', kind: 'anonymous', visitors: 'many', title: 'anonymous GET /login', path: '/login', expect: is2xx,
    prepare: async (port) => ((await request(port, { path: '/login' })).status === 404 ? { unavailable: 'GET /login answers 404' } : { cookies: [] }),
  },
  {
    id: 'login', kind: 'login', visitors: 'many', title: 'login POST /login', path: '/login', method: 'POST', body: LOGIN_BODY, expect: is3xx, connections: () => loginConnections, clearEachRun: true,
    prepare: async (port) => {
      const res = await login(port);
      if (res.status === 404) return { unavailable: 'POST /login answers 404' };
      if (!is3xx(res.status) || !res.cookie) return { failed: `POST /login answered ${res.status}` };
      // The form's hidden fields (a CSRF token bound to no session, with its cookie) serve every request,
      // for every account; each account logs in once here, as its owner did before.
      const bodies = loginAccounts(accounts).map((email) => {
        const form = new URLSearchParams(res.body);
        form.set('email', email);
        return form.toString();
      });
      for (const body of bodies) {
        const again = await request(port, { method: 'POST', path: '/login', body, headers: res.preCookie ? { cookie: res.preCookie } : {} });
        if (!is3xx(again.status)) return { failed: `a POST /login with the same form answered ${again.status} (${new URLSearchParams(body).get('email')})` };
      }
      return { cookies: res.preCookie ? [res.preCookie] : [], body: res.body, bodies };
    },
  },
];
}
