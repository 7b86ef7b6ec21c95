// npm run bench:profile: where the CPU time goes in our app and in the Express
// baseline for the counter scenario (many visitors), with `node --cpu-prof`.
// Starts its own FerretDB (port BENCH_DB_PORT, default 27304, as the benchmark: run them one after the other), drives each
// server for BENCH_PROFILE_SECONDS (default 8) and writes bench/results/profile.{md,json}.
// Expects the app built (`npm run build`, which `npm run bench` does).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortsFree, cookieFrom, request, waitUntilUp } from './lib/http.mjs';
import { drive } from './lib/load.mjs';
import { killAllNow, start, stop } from './lib/proc.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const TMP = join(BENCH, 'results', 'tmp');
const DB_PORT = Number(process.env.BENCH_DB_PORT ?? 27304);
const DB_DIR = `/tmp/nest-sessions-profile-${DB_PORT}`;
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const MONGODB_URI = `mongodb://127.0.0.1:${DB_PORT}/nest-sessions`;
const SESSION_SECRET = randomBytes(33).toString('base64url');
const PORT = DB_PORT + 10;

const TARGETS = {
  ours: { entry: join(ROOT, 'dist', 'main.js'), env: { NODE_ENV: 'production', TRUST_PROXY: 'true', SHUTDOWN_GRACE_MS: '500' } },
  baseline: { entry: join(BENCH, 'baseline', 'server.mjs'), env: { NODE_ENV: 'production' } },
};

function ferret(command) {
  execFileSync('bash', [join(ROOT, 'scripts', 'db.sh'), command], {
    env: { ...process.env, FERRETDB_PORT: String(DB_PORT), FERRETDB_DATA_DIR: DB_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Where a profile node's code lives: a package, the app, Node's internals, or V8's pseudo-nodes. */
function category(frame) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  if (url.includes('/dist/')) return 'app (dist/)';
  if (url.includes('/bench/')) return 'bench/';
  return url;
}

function summarise(profile, requests) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const categories = new Map();
  const functions = new Map();
  let idle = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const cat = category(frame);
    categories.set(cat, (categories.get(cat) ?? 0) + micros);
    const fn = `${frame.functionName || '(anonymous)'} · ${cat}${frame.url && !frame.url.startsWith('node:') ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const busy = total - idle;
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: Math.round((micros / busy) * 1000) / 10 }));
  return {
    wallMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    requests,
    cpuMicrosPerRequest: requests ? Math.round(busy / requests) : null,
    categories: top(categories, 15),
    functions: top(functions, 15),
  };
}

async function profileOne(name) {
  const dir = join(TMP, `prof-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = TARGETS[name];
  const proc = start(`profile-${name}`, process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', join(BENCH, 'lib', 'loopback.mjs'), target.entry], {
    cwd: ROOT,
    logDir: TMP,
    env: { ...target.env, MONGODB_URI, SESSION_SECRET, PORT: String(PORT) },
  });
  try {
    await waitUntilUp(PORT, '/health', proc);
    const cookies = [];
    for (let i = 0; i < CONNECTIONS; i++) cookies.push(cookieFrom(await request(PORT, { path: '/' })));
    await drive({ port: PORT, path: '/', cookies, connections: CONNECTIONS, seconds: 1, expect: (s) => s === 200 });
    const result = await drive({ port: PORT, path: '/', cookies, connections: CONNECTIONS, seconds: SECONDS, expect: (s) => s === 200 });
    await stop(proc, 10_000);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`${name}: no profile written`);
    // The profile covers start-up too; per-request figures use the busy time of the whole profile, so they are upper bounds.
    return { name, rps: result.rps, p99: result.p99, ...summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')), result.requests + 0) };
  } finally {
    await stop(proc);
  }
}

function markdown(results) {
  const lines = ['# Where the time goes: counter scenario (GET / with a session, many visitors)', ''];
  lines.push(`\`node --cpu-prof\`, one process each, ${CONNECTIONS} connections for ${SECONDS} s after a 1 s warm-up, FerretDB on its own port. Self time (excluding idle), over the whole profile (start-up included).`, '');
  lines.push('| server | req/s | p99 ms | busy CPU ms | requests | CPU µs / request |', '|---|---:|---:|---:|---:|---:|');
  for (const r of results) lines.push(`| ${r.name} | ${r.rps} | ${r.p99} | ${r.busyMs} | ${r.requests} | ${r.cpuMicrosPerRequest} |`);
  for (const r of results) {
    lines.push('', `## ${r.name}: self time by package`, '', '| where | ms | share of busy |', '|---|---:|---:|');
    for (const c of r.categories) lines.push(`| ${c.name} | ${c.ms} | ${c.share} % |`);
    lines.push('', `## ${r.name}: top functions (self time)`, '', '| function · where | ms | share of busy |', '|---|---:|---:|');
    for (const f of r.functions) lines.push(`| ${f.name.replace(/\|/g, '\\|')} | ${f.ms} | ${f.share} % |`);
  }
  return lines.join('\n') + '\n';
}

process.on('exit', () => {
  killAllNow();
  try {
    ferret('stop');
  } catch {
    /* not running */
  }
});

try {
  mkdirSync(TMP, { recursive: true });
  await assertPortsFree([DB_PORT, DB_PORT - 18929, PORT]);
  rmSync(DB_DIR, { recursive: true, force: true });
  ferret('start');
  const results = [];
  for (const name of (process.env.BENCH_PROFILE_SERVERS ?? 'ours,baseline').split(',')) results.push(await profileOne(name));
  writeFileSync(join(BENCH, 'results', 'profile.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(BENCH, 'results', 'profile.md'), markdown(results));
  console.log(markdown(results));
} finally {
  try {
    ferret('stop');
  } catch {
    /* not running */
  }
  rmSync(DB_DIR, { recursive: true, force: true });
}
