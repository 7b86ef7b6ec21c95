// The fair baseline: a plain Express 5 app serving the same pages as the app,
// so that the difference measured is NestJS plus the app's own code.
//
// Same as the app, taken from its build (dist/) where the app has the piece:
// - the views, layout and partials (views/), rendered by the app's own view
//   engine (createViewEngine: the same Handlebars helpers) with the app's
//   i18next catalogue (I18nService) and its language middleware;
// - the security headers (the app's securityHeaderOptions, resolved by the
//   framework's own resolver, as app.useSecurityHeaders() does), Cache-Control:
//   no-store on every dynamic answer (noStore) and the X-Request-Id header
//   (assignRequestId);
// - the stored-session panel's "Changed by your form" row, carried to the
//   page after a post by the same short-lived cookie (parseFormChange);
// - the same libraries set up the same way: express.static under /static/,
//   the JSON and form parsers with the app's limits, express-session
//   (rolling, __Host-sid, Secure) on connect-mongo, or on connect-redis with
//   BASELINE_STORE=redis (as the app with SESSION_STORE=redis; the users stay
//   in MongoDB, as the app's do), cookie-parser and csrf-csrf (signed
//   double-submit token in __Host-csrf and in every form, bound to the
//   session ID once logged in, made only when a form needs it).
// What still differs is listed in bench/README.md ("The fair baseline").
//
// Settings: PORT, MONGODB_URI, SESSION_SECRET, BASELINE_APP_DIR (the built
// checkout whose views and dist/ are used; this checkout by default),
// BASELINE_STORE (mongodb or redis) and REDIS_URL.
// The framework's header resolver loads Nest's decorators, which need the Reflect API.
import 'reflect-metadata';
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import { verify } from '@node-rs/argon2';
import { MongoStore } from 'connect-mongo';
import { RedisStore } from 'connect-redis';
import { createClient } from '@redis/client';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express from 'express';
import session from 'express-session';
import { MongoClient } from 'mongodb';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const appDir = resolve(process.env.BASELINE_APP_DIR ?? join(here, '..', '..'));
const dist = join(appDir, 'dist');
const views = join(appDir, 'views');
const fromDist = async (file) => {
  const path = join(dist, file);
  if (!existsSync(path)) throw new Error(`the baseline needs ${path}: build the app first (npm run build)`);
  return import(pathToFileURL(path).href);
};
const { createViewEngine } = await fromDist('common/views/view-engine.js');
const { I18nService } = await fromDist('i18n/i18n.service.js');
const { securityHeaderOptions, noStore } = await fromDist('security/security-headers.js');
const { assignRequestId } = await fromDist('security/request-id.js');
const { parseFormChange, formOutcome } = await fromDist('course/form-change.js');
const { courseViewHelpers } = await fromDist('course/course-views.js');
const { loadCodeSnippets } = await fromDist('course/code-snippets.js');

/** The headers app.useSecurityHeaders() sets, from the app's own options, as an Express middleware. */
function securityHeaders(isProduction) {
  const { headers, removeHeaders } = resolveSecurityHeaders(securityHeaderOptions(isProduction));
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    for (const name of removeHeaders) res.removeHeader(name);
    next();
  };
}

const IDLE_SECONDS = 30 * 60;
const secrets = String(process.env.SESSION_SECRET ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
if (secrets.length === 0) throw new Error('SESSION_SECRET is required');

const client = await MongoClient.connect(process.env.MONGODB_URI);
const users = client.db().collection('bench_users');

// The sessions' store: connect-mongo, or connect-redis as published (a
// string per session under `<prefix><id>`, SET with EX, EXPIRE on each
// unchanged request) on @redis/client, the client the app uses.
const STORE = process.env.BASELINE_STORE ?? 'mongodb';
if (STORE !== 'mongodb' && STORE !== 'redis') throw new Error(`BASELINE_STORE must be mongodb or redis, not ${STORE}`);
/** The start of the baseline's keys in Redis: apart from the app's `sess:{…}`. */
const BASELINE_REDIS_PREFIX = 'baseline-sess:';
const redis = STORE === 'redis' ? createClient({ url: process.env.REDIS_URL, RESP: 2 }) : null;
if (redis) {
  redis.on('error', (error) => console.error(`Redis: ${error.message}`));
  await redis.connect();
}

// url_for: the app's route names and paths (UrlForService reads them from the
// controllers through Nest; the benchmark's same-page check compares every link).
const ROUTES = new Map(
  Object.entries({
    index: '/',
    resetCounter: '/counter/reset',
    login: '/login',
    register: '/register',
    logout: '/logout',
    secret: '/secret',
    userinfo: '/userinfo',
    sessionPage: '/session',
    accountSessions: '/account/sessions',
    passwordForm: '/account/password',
    whatIsASession: '/course/what-is-a-session',
    templatesDemo: '/course/templates',
    timeoutDemo: '/course/timeout',
    redirectDemo: '/course/redirect',
    urlForDemo: '/course/url-for',
    flashDemo: '/course/flash',
    flashedMessagesDemo: '/course/flash/messages',
    cookieVsSession: '/course/cookie-vs-session',
    setLanguage: '/course/language',
  }),
);
const urls = {
  urlFor(name, values = {}) {
    const path = ROUTES.get(name);
    if (path === undefined) throw new Error(`url_for: no route is named "${name}"`);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null) query.append(key, String(value));
    const search = query.toString();
    return search ? `${path}?${search}` : path;
  },
};
// The app's I18nService as production configures it (the __Host-lang cookie, Secure).
const i18n = new I18nService(
  { isProduction: true },
  { cookieOptions: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' } },
);
const language = i18n.middleware();
// The course pages' helpers (their code and steps), as the app gives them.
const engine = createViewEngine(urls, i18n, join(views, 'partials'), courseViewHelpers(urls, loadCodeSnippets(appDir)));

// csrf-csrf as the app sets it up (src/security/csrf.service.ts).
const csrf = doubleCsrf({
  getSecret: () => secrets,
  getSessionIdentifier: (req) => (req.session?.loggedin === true ? req.sessionID : 'anonymous'),
  cookieName: '__Host-csrf',
  cookieOptions: { sameSite: 'lax', secure: true, httpOnly: true, path: '/' },
  getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token')),
});
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The token is made when a form reads it, and its cookie set only when the request does not carry it already. */
function csrfTokens(req, res, next) {
  let token;
  res.locals.csrf = {
    get token() {
      if (token === undefined) {
        // csrf-csrf only calls res.cookie(): as the app does, it gets an object with that alone.
        const view = { cookie: (name, value, options) => (req.cookies?.[name] === value ? res : res.cookie(name, value, options)) };
        token = csrf.generateCsrfToken(req, view);
      }
      return token;
    },
  };
  if (SAFE_METHODS.has(req.method)) return next();
  if (!csrf.validateRequest(req)) return res.status(403).type('text').send('Forbidden: invalid CSRF token');
  delete req.body._csrf;
  next();
}

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 1);
app.use(securityHeaders(true));
app.use(assignRequestId);
app.use('/static/', express.static(join(appDir, 'public'), { index: false, maxAge: '1d' }));
app.use(noStore);
app.use(language.early);
app.use(express.json({ limit: '100kb' }));
app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }));
app.engine('hbs', engine.__express);
app.set('views', views);
app.set('view engine', 'hbs');
app.set('view options', { layout: 'layouts/main' });
// The app runs with SEED_DEMO_USER=true in the benchmark: its login page names the demo account.
app.locals.demoAccount = { email: 'admin@nomades.ch', password: '1234' };
app.use(
  session({
    name: '__Host-sid',
    secret: secrets,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    proxy: true,
    store: redis
      ? new RedisStore({ client: redis, prefix: BASELINE_REDIS_PREFIX, ttl: IDLE_SECONDS })
      : MongoStore.create({
          client,
          collectionName: 'sessions',
          stringify: false,
          ttl: IDLE_SECONDS,
          touchAfter: 60,
          // FerretDB refuses TTL indexes: connect-mongo's own periodic removal instead.
          autoRemove: 'interval',
        }),
    cookie: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' },
  }),
);
app.use(language.withSession);
app.use(cookieParser());
app.use(csrfTokens);

const shortId = (id) => (id.length > 8 ? `${id.slice(0, 6)}…` : id);

/**
 * The "what the server stored for you" panel of the app's demo pages, built
 * from the session in memory (the app shows the document as the database
 * returned it). A session with nothing in it is not stored.
 */
function storedSession(req, changedKeys, formChange) {
  const data = JSON.parse(JSON.stringify(req.session ?? {}));
  if (Object.keys(data).every((key) => key === 'cookie'))
    return { found: false, store: null, shortId: '', json: '', keys: [], expires: null, lastModified: null, createdAt: null, bytes: 0, changedKeys: [], hiddenKeys: [] };
  const now = Date.now();
  const doc = { _id: req.sessionID, session: data, expires: new Date(now + IDLE_SECONDS * 1000), lastModified: new Date(now) };
  return {
    found: true,
    store: STORE,
    shortId: shortId(req.sessionID),
    json: JSON.stringify({ ...doc, _id: shortId(req.sessionID) }, null, 2),
    keys: Object.keys(data),
    expires: doc.expires,
    lastModified: doc.lastModified,
    createdAt: null,
    bytes: Buffer.byteLength(JSON.stringify(doc)),
    changedKeys,
    hiddenKeys: [],
    formChange,
    formOutcome: formOutcome(formChange, { login: 'POST /login', logout: 'POST /logout' }, {
      keys: Object.keys(data).filter((key) => key !== 'lastModified'),
      id: shortId(req.sessionID).replace('…', ''),
      loggedin: data.loggedin,
    }),
  };
}

/** What a post changed, as the app tells the page after its redirect (the `__Host-sid_changed` cookie). */
const FORM_CHANGE_COOKIE = '__Host-sid_changed';
const cookieAttributes = { httpOnly: true, sameSite: 'lax', secure: true, path: '/' };
function rememberFormChange(res, action, keys) {
  res.cookie(FORM_CHANGE_COOKIE, JSON.stringify({ a: action, k: keys, n: keys.length }), { ...cookieAttributes, maxAge: 5 * 60_000 });
}
function takeFormChange(req, res) {
  const raw = req.cookies?.[FORM_CHANGE_COOKIE];
  if (raw === undefined) return null;
  res.clearCookie(FORM_CHANGE_COOKIE, cookieAttributes);
  return parseFormChange(encodeURIComponent(raw));
}

/** What every page receives: the language (res.locals), the login, the flash messages (taken), the path. */
function locals(req, res, model, changedKeys = []) {
  const current = req.session;
  const flashes = current?.flashes ?? [];
  const changed = [...changedKeys];
  if (current?.flashes !== undefined) {
    delete current.flashes;
    changed.push('flashes');
  }
  const loggedin = current?.loggedin === true;
  return {
    session: { loggedin },
    flashes,
    currentUser: loggedin ? (current.user ?? null) : null,
    currentPath: req.path,
    ...model,
    storedSession: storedSession(req, changed.sort(), takeFormChange(req, res)),
  };
}

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/', (req, res) => {
  const count = (Number(req.session.count) || 0) + 1;
  req.session.count = count;
  res.render('counter/index', locals(req, res, { titleKey: 'home.title', count }, ['count']));
});

app.get('/login', (req, res) => {
  res.render('auth/login', locals(req, res, { titleKey: 'auth.loginTitle', values: { next: '' } }));
});

const promised = (fn) => new Promise((resolve, reject) => fn((error) => (error ? reject(error) : resolve())));

app.post('/login', async (req, res, next) => {
  try {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const user = email ? await users.findOne({ _id: email }) : null;
    if (!user || !(await verify(user.passwordHash, password))) {
      res.status(401).render('auth/login', locals(req, res, { titleKey: 'auth.loginTitle', formSummary: 'Invalid email or password', values: { email, next: '' } }));
      return;
    }
    await promised((done) => req.session.regenerate(done));
    req.session.loggedin = true;
    req.session.user = { id: email, email, loggedInAt: new Date().toISOString() };
    req.session.flashes = [{ category: 'success', message: 'You are logged in' }];
    await promised((done) => req.session.save(done));
    rememberFormChange(res, 'POST /login', ['flashes', 'loggedin', 'user']);
    res.redirect(303, '/userinfo');
  } catch (error) {
    next(error);
  }
});

app.get('/secret', (req, res) => {
  if (req.session.loggedin !== true) {
    res.redirect(303, '/login?next=%2Fsecret');
    return;
  }
  res.setHeader('Cache-Control', 'no-store');
  res.render('account/secret', locals(req, res, { titleKey: 'account.secretTitle' }));
});

app.use((_req, res) => {
  res.status(404).type('text').send('Not found');
});
app.use((error, _req, res, _next) => {
  console.error(error);
  res.status(500).type('text').send('Something went wrong');
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const close = () => server.close(() => Promise.all([client.close(), redis?.close()]).finally(() => process.exit(0)));
process.on('SIGTERM', close);
process.on('SIGINT', close);
