// npm run bench:path: the files of the app a request runs code in, and their
// functions, found by V8's precise coverage (every function called, counted),
// not by reading the code. Run it from a checkout whose app is built; the
// database is MONGODB_URI (default: the project's FerretDB on 27017).
//
//   node bench/request-path.mjs [path ...]      (default: / then /secret)
//
// For each path: the app's own files (dist/, the session package's dist/)
// and the views that ran code, with how many of their functions did.
import { Session } from 'node:inspector/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, relative } from 'node:path';

const ROOT = process.env.APP_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.PORT ?? 27399);
const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/', '/secret'];

Object.assign(process.env, {
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: String(PORT),
  LOG_LEVEL: 'warn',
  SEED_DEMO_USER: 'true',
  ...(process.env.MONGODB_URI ? {} : { MONGODB_URI: 'mongodb://127.0.0.1:27017/nest-sessions-path' }),
});

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });

await import(pathToFileURL(join(ROOT, 'dist', 'main.js')).href);
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  const up = await fetch(`${base}/health`).then(() => true, () => false);
  if (up) break;
  if (i > 300) throw new Error('the app did not start');
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/** A visitor with a session, logged in: the cookies of a login. */
async function loggedInCookies() {
  const page = await fetch(`${base}/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  const jar = page.headers.getSetCookie().map((line) => line.split(';')[0]);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ email: 'admin@nomades.ch', password: '1234', _csrf: csrf }).toString(),
  });
  return [...jar, ...login.headers.getSetCookie().map((line) => line.split(';')[0])].join('; ');
}

const cookie = await loggedInCookies();
const appFile = (url) => {
  if (!url.startsWith('file://')) return null;
  const file = relative(ROOT, fileURLToPath(url));
  return /^(dist|packages\/session\/dist)\//.test(file) ? file : null;
};

for (const path of paths) {
  // Twice: the first request warms what runs once (view compilation).
  for (let round = 0; round < 2; round++) {
    await session.post('Profiler.takePreciseCoverage');
    const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
    await res.arrayBuffer();
    if (round === 0) continue;
    const { result } = await session.post('Profiler.takePreciseCoverage');
    const files = [];
    for (const script of result) {
      const file = appFile(script.url);
      if (!file) continue;
      const called = script.functions.filter(
        (fn) => fn.functionName !== '' && fn.ranges[0].count > 0,
      ).length;
      if (called > 0) files.push({ file, called });
    }
    files.sort((a, b) => a.file.localeCompare(b.file));
    console.log(`GET ${path} (${res.status}): ${files.length} files of the app ran code`);
    for (const { file, called } of files) console.log(`  ${file} (${called} functions)`);
  }
}
process.exit(0);
