// npm run bench:profile: where the CPU time of a request goes, in our app and
// in the fair baseline, on MongoDB and on Redis, for each scenario of the
// benchmark.
//
// Builds the app (unless BENCH_SKIP_BUILD=1), starts its own FerretDB (port
// BENCH_DB_PORT, default 27304, data in /tmp: run it and `npm run bench` one
// after the other) and Redis (BENCH_REDIS_PORT, BENCH_DB_PORT + 1), starts the
// servers (one process each, ports BENCH_PORT_BASE and the next ones, default
// 27310) with bench/lib/profiler-hook.mjs, and for each scenario: prepares the
// cookies, warms up, then profiles the server only while autocannon drives it
// (V8's sampling profiler, started and stopped over IPC, so start-up and
// preparation are not in the profile). Writes bench/results/profile.{md,json};
// the raw profiles go to bench/results/tmp/profiles/*.cpuprofile (open them in
// Chrome DevTools).
//
// Settings: BENCH_PROFILE_SCENARIOS (all: counter-many,counter-one,read-many,
// read-one,anonymous,login), BENCH_PROFILE_SERVERS (ours,baseline,ours-redis,
// baseline-redis; with BENCH_BEFORE_DIR, before and before-redis too),
// BENCH_PROFILE_SECONDS (5), BENCH_PROFILE_WARMUP_SECONDS (3),
// BENCH_PROFILE_INTERVAL_US (200), BENCH_PROFILE_OUTPUT (profile),
// BENCH_CONNECTIONS (8), BENCH_LOGIN_CONNECTIONS (4), BENCH_LOGIN_ACCOUNTS (32),
// BENCH_APP_DIR, BENCH_BEFORE_DIR (another built checkout, profiled as
// "before" beside ours), BENCH_QUICK=1 (1 s per profile, results in
// bench/results/tmp/).
import { hash } from '@node-rs/argon2';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { analyseProfile, NEST_FOLDERS, NODE_GROUPS, PACKAGE_GROUPS } from './lib/cpu-profile.mjs';
import { assertPortsFree, waitUntilUp } from './lib/http.mjs';
import { drive } from './lib/load.mjs';
import { killAllNow, start, stopAll, tail } from './lib/proc.mjs';
import { redisServer } from './lib/redis.mjs';
import { STORES } from './lib/report.mjs';
import { scenarios, seedLoginAccounts } from './lib/scenarios.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const TMP = join(BENCH, 'results', 'tmp');
const PROFILES = join(TMP, 'profiles');
const env = process.env;
const APP_DIR = resolve(env.BENCH_APP_DIR ?? ROOT);
const BEFORE_DIR = env.BENCH_BEFORE_DIR ? resolve(env.BENCH_BEFORE_DIR) : null;
const QUICK = env.BENCH_QUICK === '1';
const S = {
  quick: QUICK,
  seconds: Number(env.BENCH_PROFILE_SECONDS ?? (QUICK ? 1 : 5)),
  // Long enough for V8 to optimise the scenario's code path before the profile starts.
  warmupSeconds: Number(env.BENCH_PROFILE_WARMUP_SECONDS ?? (QUICK ? 0.5 : 3)),
  intervalUs: Number(env.BENCH_PROFILE_INTERVAL_US ?? 200),
  connections: Number(env.BENCH_CONNECTIONS ?? 8),
  loginConnections: Number(env.BENCH_LOGIN_CONNECTIONS ?? 4),
  loginAccounts: Number(env.BENCH_LOGIN_ACCOUNTS ?? 32),
  scenarios: env.BENCH_PROFILE_SCENARIOS?.split(',').filter(Boolean) ?? null,
  servers: (env.BENCH_PROFILE_SERVERS ?? `ours,baseline,ours-redis,baseline-redis${BEFORE_DIR ? ',before,before-redis' : ''}`).split(',').filter(Boolean),
  dbPort: Number(env.BENCH_DB_PORT ?? 27304),
  portBase: Number(env.BENCH_PORT_BASE ?? 27310),
  before: BEFORE_DIR,
};
S.redisPort = Number(env.BENCH_REDIS_PORT ?? S.dbPort + 1);
if (!BEFORE_DIR && S.servers.some((name) => name.startsWith('before'))) throw new Error('the servers "before" and "before-redis" need BENCH_BEFORE_DIR (a built checkout)');
const DB_DIR = `/tmp/nest-sessions-profile-${S.dbPort}`;
const MONGODB_URI = `mongodb://127.0.0.1:${S.dbPort}/nest-sessions`;
const SESSION_SECRET = randomBytes(33).toString('base64url');
const USES_REDIS = S.servers.some((name) => name.endsWith('-redis'));
const redis = redisServer({ root: ROOT, port: S.redisPort, dataDir: `/tmp/nest-sessions-profile-redis-${S.redisPort}` });
const PORTS = Object.fromEntries(['ours', 'baseline', 'ours-redis', 'baseline-redis', 'before', 'before-redis'].map((name, i) => [name, S.portBase + i]));
const LABELS = {
  ours: 'ours (NestJS)',
  baseline: 'fair baseline (Express)',
  'ours-redis': 'ours on Redis (NestJS)',
  'baseline-redis': 'fair baseline on Redis (Express)',
  before: 'before (NestJS)',
  'before-redis': 'before on Redis (NestJS)',
};
const SCENARIOS = scenarios(S).filter((sc) => !S.scenarios || S.scenarios.includes(sc.id));
const t0 = Date.now();
const log = (...args) => console.log(`[profile ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s]`, ...args);

const APP_ENV = { NODE_ENV: 'production', TRUST_PROXY: 'true', SEED_DEMO_USER: 'true', SHUTDOWN_GRACE_MS: '500' };
const ON_REDIS = { SESSION_STORE: 'redis', REDIS_URL: redis.url };
const app = (dir, extra = {}) => ({ entry: join(dir, 'dist', 'main.js'), cwd: dir, appDir: dir, env: { ...APP_ENV, ...extra } });
const baseline = (extra = {}) => ({ entry: join(BENCH, 'baseline', 'server.mjs'), cwd: ROOT, env: { NODE_ENV: 'production', BASELINE_APP_DIR: APP_DIR, ...extra } });
const TARGETS = {
  ours: app(APP_DIR),
  'ours-redis': app(APP_DIR, ON_REDIS),
  baseline: baseline(),
  'baseline-redis': baseline({ BASELINE_STORE: 'redis', REDIS_URL: redis.url }),
  ...(BEFORE_DIR && { before: app(BEFORE_DIR), 'before-redis': app(BEFORE_DIR, ON_REDIS) }),
};

function ferret(command) {
  execFileSync('bash', [join(ROOT, 'scripts', 'db.sh'), command], {
    env: { ...process.env, FERRETDB_PORT: String(S.dbPort), FERRETDB_DATA_DIR: DB_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function startServer(name) {
  const target = TARGETS[name];
  const proc = start(
    `profile-${name}`,
    process.execPath,
    ['--import', join(BENCH, 'lib', 'loopback.mjs'), '--import', join(BENCH, 'lib', 'profiler-hook.mjs'), target.entry],
    { cwd: target.cwd, logDir: TMP, ipc: true, env: { ...target.env, MONGODB_URI, SESSION_SECRET, PORT: String(PORTS[name]) } },
  );
  const waiting = [];
  proc.child.on('message', (message) => {
    if (message?.profile) waiting.shift()?.(message);
  });
  proc.ask = (message, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no answer to ${message.profile}`)), timeoutMs);
      waiting.push((answer) => {
        clearTimeout(timer);
        if (answer.profile === 'error') reject(new Error(`${name}: ${answer.error}`));
        else resolve(answer);
      });
      proc.child.send(message);
    });
  return proc;
}

async function clearSessions(db) {
  await db.collection('sessions').deleteMany({});
  if (USES_REDIS) await redis.flush();
}

async function profileScenario(scenario, name, proc, db) {
  await clearSessions(db);
  const prepared = await scenario.prepare(PORTS[name]).catch((error) => ({ failed: error.message }));
  const base = { scenario: scenario.id, title: scenario.title, server: name };
  if (!prepared.cookies) return { ...base, status: prepared.unavailable ? 'not available' : 'failed', reason: prepared.unavailable ?? prepared.failed };
  const load = {
    port: PORTS[name],
    method: scenario.method,
    path: scenario.path,
    body: prepared.body ?? scenario.body,
    bodies: prepared.bodies,
    cookies: prepared.cookies,
    connections: scenario.connections?.() ?? S.connections,
    expect: scenario.expect,
  };
  await drive({ ...load, seconds: S.warmupSeconds });
  if (scenario.clearEachRun) await clearSessions(db);
  const file = join(PROFILES, `${scenario.id}-${name}.cpuprofile`);
  await proc.ask({ profile: 'start', intervalUs: S.intervalUs });
  const result = await drive({ ...load, seconds: S.seconds });
  await proc.ask({ profile: 'stop', file });
  const analysis = analyseProfile(JSON.parse(readFileSync(file, 'utf8')), { requests: result.requests, appDirs: [TARGETS[name].appDir ?? APP_DIR] });
  log(`${scenario.id} ${name}: ${result.rps} req/s, ${analysis.cpuUsPerRequest} µs of CPU per request`);
  return { ...base, status: 'ok', rps: result.rps, p99: result.p99, errors: result.errors, profile: relative(ROOT, file), ...analysis };
}

// ---------------------------------------------------------------- report
const fmt = (v, digits = 0) => (v === null || v === undefined ? '–' : v.toLocaleString('en', { maximumFractionDigits: digits }));
const cell = (text) => String(text).replace(/\|/g, '\\|');

/** Groups of two servers side by side: the `n` largest (by the larger of the two), then the rest in one row. */
function sideBySide(ours, baseline, key, n, [la, lb] = ['ours', 'baseline']) {
  const index = (r) => new Map((r?.[key] ?? []).map((g) => [g.group, g]));
  const [a, b] = [index(ours), index(baseline)];
  const names = [...new Set([...a.keys(), ...b.keys()])].sort(
    (x, y) => Math.max(a.get(y)?.usPerRequest ?? 0, b.get(y)?.usPerRequest ?? 0) - Math.max(a.get(x)?.usPerRequest ?? 0, b.get(x)?.usPerRequest ?? 0),
  );
  const lines = [
    `| group | ${la} µs/request | ${la} share | ${lb} µs/request | ${lb} share | ${la} − ${lb} µs |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  const row = (label, ga, gb) => {
    const [ua, ub] = [ga?.usPerRequest ?? 0, gb?.usPerRequest ?? 0];
    lines.push(`| ${cell(label)} | ${fmt(ua)} | ${ga ? `${ga.share} %` : '–'} | ${baseline ? fmt(ub) : '–'} | ${gb ? `${gb.share} %` : '–'} | ${baseline ? fmt(ua - ub) : '–'} |`);
  };
  for (const name of names.slice(0, n)) row(name, a.get(name), b.get(name));
  const rest = (m) => names.slice(n).reduce((acc, name) => ({ usPerRequest: acc.usPerRequest + (m.get(name)?.usPerRequest ?? 0), share: Math.round((acc.share + (m.get(name)?.share ?? 0)) * 10) / 10 }), { usPerRequest: 0, share: 0 });
  if (names.length > n) row(`everything else (${names.length - n} groups)`, rest(a), rest(b));
  row('**total CPU per request**', { usPerRequest: ours?.cpuUsPerRequest ?? 0, share: 100 }, baseline ? { usPerRequest: baseline.cpuUsPerRequest ?? 0, share: 100 } : undefined);
  return lines;
}

const isNest = (g) => g.startsWith('Nest: ') || g === 'rxjs' || g === 'reflect-metadata';
const isApp = (g) => g.startsWith('app: ');

function markdown(report) {
  const { results, settings: s } = report;
  const lines = ['# Where the time goes: CPU profiles per scenario', ''];
  if (s.quick) lines.push('**Quick mode (BENCH_QUICK=1): a smoke test of the profiler; these figures measure nothing.**', '');
  lines.push(
    `Run ${report.generatedAt}, ${report.durationSeconds} s in all. Machine: ${report.machine.cpu}; Node ${report.machine.node}; load average at the start ${report.machine.loadAverage.start.join(', ')}, at the end ${report.machine.loadAverage.end.join(', ')}.`,
    '',
    `Each server runs as one process (NODE_ENV=production): ours as \`node dist/main.js\` on MongoDB and, with \`SESSION_STORE=redis\`, on Redis; the fair baseline as bench/baseline/server.mjs on connect-mongo and on connect-redis; all on the same FerretDB and Redis. For each scenario, after a ${s.warmupSeconds} s warm-up, V8's sampling profiler (every ${s.intervalUs} µs) runs while autocannon drives the server for ${s.seconds} s with ${s.connections} connections (login: ${s.loginConnections}, over ${s.loginAccounts} accounts); start-up and preparation are not in the profiles. The servers are profiled one after the other, each scenario on every server before the next scenario. Figures are **self time per request**: the CPU time of the profiled window (idle excluded) divided by the requests served in it. The profiler itself slows every server alike, so the req/s here are lower than the benchmark's. How functions are grouped: see the end of this page.`,
    '',
    '## Summary',
    '',
    'Ours against the fair baseline on the same store. "Nest" is NestJS with rxjs and reflect-metadata; "app code" is the app\'s build and the session package (`app: …` groups), JSON and digests they call included.',
    '',
    '| scenario | store | ours req/s | baseline req/s | ours CPU µs/request | baseline CPU µs/request | ours − baseline µs | ours: Nest µs | ours: app code µs | ours idle share |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  const sum = (r, test) => r.groups.filter((g) => test(g.group)).reduce((acc, g) => acc + (g.usPerRequest ?? 0), 0);
  const ids = [...new Set(results.map((r) => r.scenario))];
  const pick = (id, server) => results.find((r) => r.scenario === id && r.server === server && r.status === 'ok');
  const stores = Object.values(STORES).filter((st) => s.servers.includes(st.ours));
  for (const id of ids)
    for (const st of stores) {
      const [a, b] = [pick(id, st.ours), pick(id, st.baseline)];
      const idle = a ? Math.round((a.idleMs / Math.max(1, a.profiledMs)) * 100) : null;
      lines.push(`| ${id} | ${st.name} | ${fmt(a?.rps, 1)} | ${fmt(b?.rps, 1)} | ${fmt(a?.cpuUsPerRequest)} | ${fmt(b?.cpuUsPerRequest)} | ${a && b ? fmt(a.cpuUsPerRequest - b.cpuUsPerRequest) : '–'} | ${a ? fmt(sum(a, isNest)) : '–'} | ${a ? fmt(sum(a, isApp)) : '–'} | ${idle === null ? '–' : `${idle} %`} |`);
    }
  const befores = stores.filter((st) => s.servers.includes(st.before));
  if (befores.length > 0) {
    lines.push('', '### Before and after', '', `Ours (this checkout) against "before" (\`${s.before}\`), profiled in the same run.`, '', '| scenario | store | ours CPU µs/request | before CPU µs/request | ours − before µs | ours app code µs | before app code µs |', '|---|---|---:|---:|---:|---:|---:|');
    for (const id of ids)
      for (const st of befores) {
        const [a, b] = [pick(id, st.ours), pick(id, st.before)];
        if (!a || !b) continue;
        lines.push(`| ${id} | ${st.name} | ${fmt(a.cpuUsPerRequest)} | ${fmt(b.cpuUsPerRequest)} | ${fmt(a.cpuUsPerRequest - b.cpuUsPerRequest)} | ${fmt(sum(a, isApp))} | ${fmt(sum(b, isApp))} |`);
      }
  }
  for (const r of results.filter((x) => x.status !== 'ok')) lines.push('', `- ${r.scenario}, ${LABELS[r.server]}: ${r.status} (${r.reason})`);
  for (const id of ids)
    for (const st of stores) {
      const [a, b] = [pick(id, st.ours), pick(id, st.baseline)];
      const title = (a ?? b)?.title ?? id;
      lines.push('', `## ${id} on ${st.name}: ${title}`, '');
      for (const r of [a, b, pick(id, st.before)].filter(Boolean))
        lines.push(`- ${LABELS[r.server]}: ${fmt(r.rps, 1)} req/s under the profiler (p99 ${fmt(r.p99)} ms, ${r.errors} errors), ${fmt(r.requests)} requests, ${fmt(r.busyMs)} ms busy and ${fmt(r.idleMs)} ms idle, ${fmt(r.cpuUsPerRequest)} µs of CPU per request; raw profile \`${r.profile}\`.`);
      lines.push('', '### Self time by group', '', ...sideBySide(a, b, 'groups', 22));
      lines.push('', '### On whose behalf (Node\'s own modules charged to the package or app code that called them)', '', ...sideBySide(a, b, 'onBehalf', 14));
      const before = pick(id, st.before);
      if (a && before) lines.push('', '### Ours against before (self time by group)', '', ...sideBySide(a, before, 'groups', 14, ['ours', 'before']));
      if (a) {
        lines.push('', '### Top functions, ours (self time)', '', '| function · where | group | µs/request | share |', '|---|---|---:|---:|');
        for (const f of a.functions.slice(0, 15)) lines.push(`| ${cell(f.name)} | ${cell(f.group)} | ${fmt(f.usPerRequest, 1)} | ${f.share} % |`);
      }
    }
  lines.push(
    '',
    '## How the grouping works',
    '',
    'A sample\'s time goes to the function on top of the stack (self time); a function goes to a group by the file its code is in:',
    '',
    '- **packages** (`node_modules/<name>/`, the innermost for nested copies): the package name, except these merges: ' +
      Object.entries(groupBy(Object.entries(PACKAGE_GROUPS)))
        .map(([group, members]) => `"${group}" = ${members.map(([pkg]) => pkg).join(', ')}`)
        .join('; ') +
      '.',
    `- **Nest** by folder of @nestjs/core, @nestjs/common and @nestjs/platform-express: ${NEST_FOLDERS.map(([re, g]) => `\`${re.source.replace(/\\\//g, '/').replace(/^\^/, '')}\` → ${g}`).join('; ')}.`,
    '- **the app**: files of `<app>/dist/<folder>/`, i.e. compiled from `src/<folder>/`, are "app: <folder>/" (the baseline uses a few of them too: the view engine, the i18n service, the security headers); the session package\'s build (`packages/session/dist/`) is "app: @nest-sessions/session"; the baseline\'s own file is "baseline: server.mjs".',
    `- **Node's own JavaScript** (\`node:\` modules): ${NODE_GROUPS.map(([re, g]) => `${g} (\`${re.source}\`)`).join('; ')}; any other as "node: <module>".`,
    '- **V8 builtins and native functions** have no file (JSON.stringify, JSON.parse, RegExp and string builtins, HMAC and hash digests, socket writes): they count in the group of their nearest caller that has a file, so JSON.stringify called by the app\'s session code counts as "app: session/", an HMAC digest called by node:crypto counts as "node: crypto". With no such caller: "native code without a JavaScript caller".',
    '- **V8\'s pseudo-frames**: "(garbage collector)" and "(program)" (native work outside JavaScript: the HTTP parser, compilation) are groups of their own; "(idle)" is waiting (for the database, for the client) and is left out of the busy time.',
    '- **On whose behalf** charges time in a `node:` group to the first caller above it that is not Node (an HMAC made for express-session counts as express-session, a socket write made by express\'s `res.send` as express). Node code with no such caller (the HTTP parser handing over a request, the socket reading a database answer) keeps its node group.',
    '',
    'The grouping is in bench/lib/cpu-profile.mjs (PACKAGE_GROUPS, NEST_FOLDERS, NODE_GROUPS).',
    '',
  );
  return lines.join('\n');
}

function groupBy(entries) {
  const out = {};
  for (const entry of entries) (out[entry[1]] ??= []).push(entry);
  return out;
}

// ---------------------------------------------------------------- main
process.on('exit', () => {
  killAllNow();
  try {
    ferret('stop');
  } catch {
    /* not running */
  }
  if (USES_REDIS) redis.stop();
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    log(`${signal}: stopping everything`);
    process.exit(130);
  });

let client;
try {
  mkdirSync(PROFILES, { recursive: true });
  if (env.BENCH_SKIP_BUILD !== '1') {
    log('npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: APP_DIR, stdio: 'inherit' });
  }
  await assertPortsFree([S.dbPort, S.dbPort - 18929, ...(USES_REDIS ? [S.redisPort] : []), ...S.servers.map((name) => PORTS[name])]);
  rmSync(DB_DIR, { recursive: true, force: true });
  ferret('start');
  if (USES_REDIS) await redis.start();
  client = await MongoClient.connect(MONGODB_URI);
  const db = client.db();
  // The baseline checks the same password, hashed with @node-rs/argon2's defaults.
  const passwordHash = await hash('1234');
  await db.collection('bench_users').insertOne({ _id: 'admin@nomades.ch', passwordHash });
  await seedLoginAccounts(db, passwordHash, S.loginAccounts);
  const procs = {};
  for (const name of S.servers) {
    procs[name] = startServer(name);
    try {
      await waitUntilUp(PORTS[name], '/health', procs[name]);
    } catch (error) {
      throw new Error(`${name} did not start: ${error.message}\n${tail(procs[name])}`);
    }
  }
  log(`started ${S.servers.join(', ')}; FerretDB on 127.0.0.1:${S.dbPort}${USES_REDIS ? `, Redis on 127.0.0.1:${S.redisPort}` : ''}`);
  const loadAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const results = [];
  // Interleaved: each scenario on every server before the next scenario.
  for (const scenario of SCENARIOS) for (const name of S.servers) results.push(await profileScenario(scenario, name, procs[name], db));
  await stopAll();
  const report = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - t0) / 1000),
    machine: {
      cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      node: process.version,
      loadAverage: { start: loadAtStart, end: os.loadavg().map((v) => Math.round(v * 100) / 100) },
    },
    settings: S,
    grouping: { packageGroups: PACKAGE_GROUPS, nestFolders: NEST_FOLDERS.map(([re, g]) => [re.source, g]), nodeGroups: NODE_GROUPS.map(([re, g]) => [re.source, g]) },
    results,
  };
  const dir = QUICK ? TMP : join(BENCH, 'results');
  const name = env.BENCH_PROFILE_OUTPUT ?? (QUICK ? 'profile-quick' : 'profile');
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), markdown(report));
  log(`wrote ${relative(ROOT, join(dir, name))}.{md,json}`);
} finally {
  await stopAll();
  await client?.close().catch(() => undefined);
  try {
    ferret('stop');
  } catch {
    /* not running */
  }
  rmSync(DB_DIR, { recursive: true, force: true });
  if (USES_REDIS) redis.stop();
}
