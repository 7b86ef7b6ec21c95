// The baseline: what a plain Express 5 app with express-session, connect-mongo
// and hbs costs for the same pages, on the same database. It renders the app's
// own counter view, layout and partials; /login and /secret use the small views
// beside this file. Settings: PORT, MONGODB_URI, SESSION_SECRET.
import { verify } from '@node-rs/argon2';
import { MongoStore } from 'connect-mongo';
import express from 'express';
import session from 'express-session';
import hbs from 'hbs';
import { MongoClient } from 'mongodb';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const appViews = join(here, '..', '..', 'views');
const ownViews = join(here, 'views');

const client = await MongoClient.connect(process.env.MONGODB_URI);
const users = client.db().collection('bench_users');

const ROUTES = {
  index: '/',
  sessionPage: '/session',
  resetCounter: '/counter/reset',
  login: '/login',
  logout: '/logout',
  secret: '/secret',
};
const engine = hbs.create();
engine.registerHelper('url_for', (name) => ROUTES[name] ?? '/');
engine.registerHelper('eq', (a, b) => a === b);
// Helpers the app's views may use and the baseline does not need render nothing.
engine.registerHelper('helperMissing', () => '');
// The app's English texts (its built catalogue), so the page is the same page.
const { en } = await import(pathToFileURL(join(here, '..', '..', 'dist', 'i18n', 'locales', 'en.js')).href);
engine.registerHelper('tm', (text) => text);
engine.registerHelper('t', (key, options) => {
  const text = key.split('.').reduce((node, part) => node?.[part], en);
  if (typeof text !== 'string') return '';
  return text.replace(/%\{(\w+)\}/g, (_, name) => engine.handlebars.escapeExpression(options.hash[name] ?? ''));
});
// Partials by their path under views/partials, as the app names them (`course/language-switch`).
for (const entry of readdirSync(join(appViews, 'partials'), { recursive: true })) {
  const file = String(entry);
  if (file.endsWith('.hbs'))
    engine.registerPartial(file.slice(0, -4), readFileSync(join(appViews, 'partials', file), 'utf8'));
}

const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 1);
app.engine('hbs', engine.__express);
app.set('views', [appViews, ownViews]);
app.set('view engine', 'hbs');
app.set('view options', { layout: 'layouts/main' });
app.use(express.urlencoded({ extended: false, limit: '100kb' }));
app.use(
  session({
    name: '__Host-sid',
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    store: MongoStore.create({
      client,
      collectionName: 'sessions',
      stringify: false,
      ttl: 30 * 60,
      touchAfter: 60,
      // FerretDB refuses TTL indexes: connect-mongo's own periodic removal instead.
      autoRemove: 'interval',
    }),
    cookie: { httpOnly: true, sameSite: 'lax', secure: true, path: '/' },
  }),
);

const locals = (req, extra) => ({ session: req.session, flashes: [], currentPath: req.path, ...extra });

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.get('/', (req, res) => {
  const count = (Number(req.session.count) || 0) + 1;
  req.session.count = count;
  res.render('counter/index', locals(req, { title: 'Home', count }));
});

app.get('/login', (req, res) => {
  res.render('login', locals(req, { title: 'Log in' }));
});

app.post('/login', async (req, res, next) => {
  try {
    const email = String(req.body?.email ?? '').toLowerCase();
    const password = String(req.body?.password ?? '');
    const user = email ? await users.findOne({ _id: email }) : null;
    if (!user || !(await verify(user.passwordHash, password))) {
      res.status(401).render('login', locals(req, { title: 'Log in', error: 'Wrong email or password' }));
      return;
    }
    await new Promise((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
    req.session.loggedin = true;
    req.session.user = { email };
    await new Promise((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
    res.redirect(303, '/secret');
  } catch (error) {
    next(error);
  }
});

app.get('/secret', (req, res) => {
  if (!req.session.loggedin) {
    res.redirect(303, '/login');
    return;
  }
  res.render('secret', locals(req, { title: 'Secret', email: req.session.user?.email }));
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const close = () => server.close(() => client.close().then(() => process.exit(0)));
process.on('SIGTERM', close);
process.on('SIGINT', close);
