// npm run bench: this app against the fair baseline (a plain Express app
// serving the same pages), the course's Flask app and the driver-only limit,
// on one dedicated FerretDB, in one run; and this app with its sessions in
// Redis (SESSION_STORE=redis) against the same baseline on connect-redis and
// the Redis limit, on a Redis of its own. With BENCH_BEFORE_DIR, another
// build of the app ("before") is measured in the same interleaved runs.
// Writes bench/results/latest.{json,md,svg}. Everything binds to 127.0.0.1 and
// everything started is stopped, also on failure or Ctrl-C. See bench/README.md.
import { hash } from '@node-rs/argon2';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { assertPortsFree, request, waitUntilUp } from './lib/http.mjs';
import { drive } from './lib/load.mjs';
import { killAllNow, memoryMiB, processTree, rssSampler, start, stop, stopAll, tail } from './lib/proc.mjs';
import { comparePages } from './lib/pages.mjs';
import { captureCommands, redisServer } from './lib/redis.mjs';
import { writeReports } from './lib/report.mjs';
import { scenarios, seedLoginAccounts } from './lib/scenarios.mjs';
import { median, mergeSorted, percentile, ratio } from './lib/stats.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const RESULTS = join(BENCH, 'results');
const TMP = join(RESULTS, 'tmp');
const env = process.env;
// The app to measure: this checkout, or another built checkout (to compare branches).
const APP_DIR = resolve(env.BENCH_APP_DIR ?? ROOT);
// Another built checkout measured beside ours in the same runs: a change, before and after.
const BEFORE_DIR = env.BENCH_BEFORE_DIR ? resolve(env.BENCH_BEFORE_DIR) : null;
const BEFORE_LABEL = env.BENCH_BEFORE_LABEL ?? (BEFORE_DIR ? relative(ROOT, BEFORE_DIR) || BEFORE_DIR : null);

// BENCH_QUICK=1: a smoke run (tiny durations, small stores, one process) that
// checks every part of the benchmark in about a minute. Its figures mean
// nothing; it writes bench/results/tmp/quick.{json,md,svg} (git-ignored).
const QUICK = env.BENCH_QUICK === '1';
const S = {
  quick: QUICK,
  seconds: Number(env.BENCH_SECONDS ?? (QUICK ? 0.3 : 1.5)),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? (QUICK ? 0.2 : 0.5)),
  runs: Number(env.BENCH_RUNS ?? (QUICK ? 1 : 3)),
  // FerretDB (SQLite) peaks at 4–8 concurrent reads and serialises writes: more connections only queue.
  connections: Number(env.BENCH_CONNECTIONS ?? 8),
  loginConnections: Number(env.BENCH_LOGIN_CONNECTIONS ?? 4),
  loginAccounts: Number(env.BENCH_LOGIN_ACCOUNTS ?? 32),
  storeSizes: (env.BENCH_STORE_SIZES ?? (QUICK ? '200,2000' : '1000,200000')).split(',').filter(Boolean).map(Number),
  memoryVisitors: (env.BENCH_MEMORY_VISITORS ?? (QUICK ? '100,500' : '1000,20000')).split(',').map(Number),
  settings: (env.BENCH_SETTINGS ?? (QUICK ? '1' : '1,2')).split(',').map(Number),
  dbPort: Number(env.BENCH_DB_PORT ?? 27304),
  redisPort: Number(env.BENCH_REDIS_PORT ?? Number(env.BENCH_DB_PORT ?? 27304) + 1),
  portBase: Number(env.BENCH_PORT_BASE ?? 27310),
  servers: (env.BENCH_SERVERS ?? `ours,ours-redis,baseline,baseline-redis,flask,limit,limit-redis${BEFORE_DIR ? ',before,before-redis' : ''}`).split(','),
  before: BEFORE_DIR ? { dir: BEFORE_DIR, label: BEFORE_LABEL } : null,
};
if (!BEFORE_DIR && S.servers.some((name) => name.startsWith('before'))) throw new Error('the servers "before" and "before-redis" need BENCH_BEFORE_DIR (a built checkout)');
if (S.memoryVisitors.length === 1) S.memoryVisitors.unshift(1000);
const DB_DIR = env.BENCH_DB_DIR ?? `/tmp/nest-sessions-bench-${S.dbPort}`;
const MONGODB_URI = `mongodb://127.0.0.1:${S.dbPort}/nest-sessions`;
// scripts/db.sh puts FerretDB's debug (metrics) listener 18929 below its port.
const METRICS_URL = `http://127.0.0.1:${S.dbPort - 18929}/debug/metrics`;
// The Redis of "ours-redis" and its limit: started only when one of them is measured.
const USES_REDIS = S.servers.some((name) => name.endsWith('-redis'));
const redis = redisServer({ root: ROOT, port: S.redisPort, dataDir: `/tmp/nest-sessions-bench-redis-${S.redisPort}` });
const SESSION_SECRET = randomBytes(33).toString('base64url');
const LOOPBACK = join(BENCH, 'lib', 'loopback.mjs');
const VENV = join(BENCH, '.venv');
const t0 = Date.now();
const loadAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);

const log = (...args) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s]`, ...args);

// ---------------------------------------------------------------- servers
// Where each server's sessions are: a MongoDB collection, or Redis keys matching a pattern.
const SERVER_INFO = {
  ours: { sessions: { collection: 'sessions' } },
  'ours-redis': { sessions: { redis: 'sess:{*' } },
  baseline: { sessions: { collection: 'sessions' } },
  'baseline-redis': { sessions: { redis: 'baseline-sess:*' } },
  flask: { sessions: { collection: 'flask_sessions' } },
  before: { sessions: { collection: 'sessions' } },
  'before-redis': { sessions: { redis: 'sess:{*' } },
};

const PORTS = {
  ours: S.portBase,
  baseline: S.portBase + 1,
  flask: S.portBase + 2,
  probe: S.portBase + 3,
  'ours-redis': S.portBase + 4,
  'baseline-redis': S.portBase + 5,
  before: S.portBase + 6,
  'before-redis': S.portBase + 7,
};
const LIMITS = ['limit', 'limit-redis'];

function nodeServer(name, entry, workers, extraEnv) {
  const args = ['--import', LOOPBACK];
  if (workers > 1) args.push(join(BENCH, 'cluster.mjs'), String(workers), entry);
  else args.push(entry);
  const { cwd = ROOT, ...vars } = extraEnv;
  return start(`${name}-${workers}`, process.execPath, args, {
    cwd,
    logDir: TMP,
    env: { MONGODB_URI, SESSION_SECRET, PORT: String(PORTS[name]), ...vars },
  });
}

const OURS_ENV = {
  NODE_ENV: 'production',
  // The Secure cookie is sent because requests say they came through a TLS proxy.
  TRUST_PROXY: 'true',
  SEED_DEMO_USER: 'true',
  SHUTDOWN_GRACE_MS: '500',
};

async function startServers(workers, available) {
  const procs = {};
  const wanted = (name) =>
    S.servers.includes(name) && (!name.endsWith('-redis') || available.redis) && (!available.only || available.only.includes(name));
  const app = (dir, store) => ({ ...OURS_ENV, ...(store === 'redis' && { SESSION_STORE: 'redis', REDIS_URL: redis.url }), cwd: dir });
  if (wanted('ours')) procs.ours = nodeServer('ours', join(APP_DIR, 'dist', 'main.js'), workers, app(APP_DIR));
  if (wanted('ours-redis')) procs['ours-redis'] = nodeServer('ours-redis', join(APP_DIR, 'dist', 'main.js'), workers, app(APP_DIR, 'redis'));
  if (wanted('before')) procs.before = nodeServer('before', join(BEFORE_DIR, 'dist', 'main.js'), workers, app(BEFORE_DIR));
  if (wanted('before-redis')) procs['before-redis'] = nodeServer('before-redis', join(BEFORE_DIR, 'dist', 'main.js'), workers, app(BEFORE_DIR, 'redis'));
  // The baseline renders the views of the app measured, with its built view engine and catalogue.
  const baseline = { NODE_ENV: 'production', BASELINE_APP_DIR: APP_DIR };
  if (wanted('baseline')) procs.baseline = nodeServer('baseline', join(BENCH, 'baseline', 'server.mjs'), workers, baseline);
  if (wanted('baseline-redis'))
    procs['baseline-redis'] = nodeServer('baseline-redis', join(BENCH, 'baseline', 'server.mjs'), workers, { ...baseline, BASELINE_STORE: 'redis', REDIS_URL: redis.url });
  if (S.servers.includes('flask') && available.flask)
    procs.flask = start(`flask-${workers}`, join(VENV, 'bin', 'gunicorn'), [
      '--workers', String(workers), '--worker-class', 'gthread', '--threads', '4',
      '--bind', `127.0.0.1:${PORTS.flask}`, '--chdir', join(BENCH, 'flask'), 'app:app',
    ], { cwd: ROOT, logDir: TMP, env: { MONGODB_URI, SESSION_SECRET } });
  for (const [name, proc] of Object.entries(procs)) {
    try {
      await waitUntilUp(PORTS[name], '/health', proc);
      // Cluster workers come up one after the other: wait for all of them.
      if (workers > 1 && name !== 'flask') {
        const deadline = Date.now() + 30_000;
        while (processTree(proc.pid).length < workers + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 1500));
      }
    } catch (error) {
      throw new Error(`${name} (${workers} workers) did not start: ${error.message}\n${tail(proc)}`);
    }
  }
  log(`started ${Object.keys(procs).join(', ')} with ${workers} process(es) each`);
  return procs;
}

// ---------------------------------------------------------------- limit
function runLimitProcess(config, script = 'limit.mjs') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(BENCH, 'limit', script)], {
      cwd: ROOT,
      env: { ...process.env, LIMIT: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${script} exited ${code}`))));
    child.on('spawn', () => config.onSpawn?.(child.pid));
  });
}

/**
 * The limit in `workers` processes, half the connections each. MongoDB
 * (`mode`, `sids`): the driver's round trips; Redis (`redisCommands`, `keys`):
 * the store's commands, replayed.
 */
async function runLimit({ mode, sids, redisCommands, keys, workers, seconds, connections = S.connections }) {
  const pids = [];
  const perWorker = Math.ceil(connections / workers);
  const peaks = [];
  const timer = setInterval(() => peaks.push(memoryMiB(pids)), 100);
  const share = (list, w) => (list.length === 1 ? list : list.filter((_, i) => i % workers === w));
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, w) =>
        redisCommands
          ? runLimitProcess(
              { url: redis.url, commands: redisCommands.commands, key: redisCommands.key, keys: share(keys, w), concurrency: perWorker, seconds, onSpawn: (pid) => pids.push(pid) },
              'redis-limit.mjs',
            )
          : runLimitProcess({
              uri: MONGODB_URI,
              collection: 'sessions',
              mode,
              sids: share(sids, w),
              concurrency: perWorker,
              seconds,
              onSpawn: (pid) => pids.push(pid),
            }),
      ),
    );
    const latencies = mergeSorted(results.map((r) => r.latencies));
    const count = results.reduce((sum, r) => sum + r.count, 0);
    return {
      rps: Math.round((count / seconds) * 10) / 10,
      p50: Math.round(percentile(latencies, 50) / 10) / 100,
      p99: Math.round(percentile(latencies, 99) / 10) / 100,
      requests: count,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      peakRssMiB: Math.round(Math.max(0, ...peaks) * 10) / 10,
    };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------- database round trips
const COUNTED = ['find', 'getMore', 'aggregate', 'count', 'insert', 'update', 'findAndModify', 'delete'];

/** FerretDB's own count of commands received, by name. */
async function dbCommands() {
  try {
    const text = await (await fetch(METRICS_URL)).text();
    const counts = {};
    for (const m of text.matchAll(/^ferretdb_client_requests_total\{command="([^"]+)",opcode="OP_MSG"\} (\d+)$/gm))
      counts[m[1]] = Number(m[2]);
    return counts;
  } catch {
    return null;
  }
}

function perRequest(before, after, requests, counted = COUNTED) {
  if (!before || !after || !requests) return null;
  const out = {};
  for (const command of counted ?? Object.keys(after)) {
    const delta = (after[command] ?? 0) - (before[command] ?? 0);
    if (delta > 0) out[command] = Math.round((delta / requests) * 100) / 100;
  }
  return out;
}

/** Redis's command counters, when the benchmark's Redis runs. */
const redisCommandCounts = () => (USES_REDIS ? redis.commands() : Promise.resolve(null));

/** One measured HTTP run (after a warm-up on the first run): throughput, latency, RSS, database commands per request. */
async function measureHttp(proc, load, warm) {
  if (warm && S.warmupSeconds > 0) await drive({ ...load, seconds: S.warmupSeconds });
  const [before, redisBefore] = [await dbCommands(), await redisCommandCounts()];
  const sampler = rssSampler([proc.pid]);
  const result = await drive({ ...load, seconds: S.seconds });
  result.peakRssMiB = sampler.stop();
  result.dbOps = perRequest(before, await dbCommands(), result.requests);
  result.redisOps = perRequest(redisBefore, await redisCommandCounts(), result.requests, null);
  return result;
}

async function measureLimit(options) {
  const [before, redisBefore] = [await dbCommands(), await redisCommandCounts()];
  const result = await runLimit({ seconds: S.seconds, ...options });
  result.dbOps = perRequest(before, await dbCommands(), result.requests);
  result.redisOps = perRequest(redisBefore, await redisCommandCounts(), result.requests, null);
  return result;
}

// ---------------------------------------------------------------- scenarios
let db;
let client;

async function clearSessions() {
  await db.collection('sessions').deleteMany({});
  await db.collection('flask_sessions').deleteMany({});
  if (USES_REDIS) await redis.flush();
}

/** The sessions a server has stored: documents of its collection, or its keys in Redis. */
async function countSessions({ collection, redis: pattern }) {
  return pattern ? redis.countSessions(pattern) : db.collection(collection).countDocuments({});
}

/**
 * What the Redis limit replays for a scenario: the commands ours-redis sent
 * for one request of it (after one request to warm up), and the keys for the
 * limit's connections (copies of the captured session for "many visitors").
 */
async function redisLimitPlan(scenario, prepared) {
  const cookie = prepared?.cookies?.[0];
  if (!cookie) return null;
  const load = { path: scenario.path, headers: { cookie } };
  await request(PORTS['ours-redis'], load);
  const commands = await captureCommands(redis.url, () => request(PORTS['ours-redis'], load));
  const key = commands.flat().find((arg) => /^sess:\{[0-9a-f]{64}\}$/.test(arg));
  if (!key) throw new Error(`no session key in the captured commands: ${JSON.stringify(commands)}`);
  const keys = scenario.visitors === 'one' ? [key] : await redis.copies(key, S.connections);
  return { redisCommands: { commands, key }, keys, captured: commands.map((args) => args[0]).join(' + ') };
}

/**
 * The Redis commands a server sends per request of the scenario, as MONITOR
 * shows them: `n` requests one after the other (the prepared cookies and
 * bodies in turn), the commands of Lua scripts left out (an EVALSHA counts once).
 */
async function redisCommandsSent(scenario, prepared, port, n = 20) {
  const bodies = prepared.bodies ?? [prepared.body ?? scenario.body];
  const cookies = prepared.cookies ?? [];
  const commands = await captureCommands(redis.url, async () => {
    for (let i = 0; i < n; i++) {
      const cookie = cookies[i % Math.max(1, cookies.length)];
      await request(port, { method: scenario.method ?? 'GET', path: scenario.path, body: bodies[i % bodies.length], headers: cookie ? { cookie } : {} });
    }
  });
  const byCommand = {};
  for (const [name] of commands) byCommand[name.toLowerCase()] = (byCommand[name.toLowerCase()] ?? 0) + 1;
  for (const name of Object.keys(byCommand)) byCommand[name] = Math.round((byCommand[name] / n) * 100) / 100;
  return { total: Math.round((commands.length / n) * 100) / 100, byCommand };
}

async function limitSids(n) {
  const now = Date.now();
  const sids = Array.from({ length: n }, () => `limit-${randomBytes(16).toString('base64url')}`);
  await db.collection('sessions').insertMany(
    sids.map((sid) => ({
      _id: sid,
      session: { cookie: { originalMaxAge: null, expires: null, secure: true, httpOnly: true, path: '/', sameSite: 'lax' }, createdAt: now, count: 1, loggedin: true, user: { email: 'admin@nomades.ch' } },
      expires: new Date(now + 30 * 60_000),
      lastModified: new Date(now),
    })),
  );
  return sids;
}

const SCENARIOS = scenarios(S);

async function measureScenario(scenario, workers, procs, rows) {
  log(`scenario ${scenario.id} (${workers} process(es))`);
  await clearSessions();
  const prepared = {};
  for (const name of Object.keys(procs)) {
    try {
      prepared[name] = await scenario.prepare(PORTS[name]);
    } catch (error) {
      prepared[name] = { failed: error.message };
    }
  }
  let limitSidList;
  if (scenario.limit && S.servers.includes('limit'))
    limitSidList = await limitSids(scenario.visitors === 'one' ? 1 : S.connections);
  let redisPlan = null;
  if (scenario.limit && S.servers.includes('limit-redis') && procs['ours-redis'])
    redisPlan = await redisLimitPlan(scenario, prepared['ours-redis']).catch((error) => ({ failed: error.message }));
  const limits = [...(limitSidList ? ['limit'] : []), ...(redisPlan?.keys ? ['limit-redis'] : [])];
  const runs = Object.fromEntries([...Object.keys(procs), ...limits].map((n) => [n, []]));
  const created = {};
  for (let run = 0; run < S.runs; run++) {
    for (const name of Object.keys(runs)) {
      if (!LIMITS.includes(name) && !prepared[name].cookies) continue;
      if (scenario.clearEachRun) await clearSessions();
      if (name === 'limit') {
        runs.limit.push(await measureLimit({ mode: scenario.limit, sids: limitSidList, workers }));
        continue;
      }
      if (name === 'limit-redis') {
        runs[name].push(await measureLimit({ ...redisPlan, workers }));
        continue;
      }
      const stored = SERVER_INFO[name].sessions;
      const before = scenario.kind === 'anonymous' ? await countSessions(stored) : 0;
      const load = {
        port: PORTS[name],
        method: scenario.method,
        path: scenario.path,
        body: prepared[name].body ?? scenario.body,
        bodies: prepared[name].bodies,
        cookies: prepared[name].cookies,
        connections: scenario.connections?.() ?? S.connections,
        expect: scenario.expect,
      };
      runs[name].push(await measureHttp(procs[name], load, run === 0));
      if (scenario.kind === 'anonymous') created[name] = (created[name] ?? 0) + (await countSessions(stored)) - before;
    }
  }
  // The Redis commands each server on Redis sends per request, as MONITOR shows them (a script counts once).
  const sent = {};
  for (const name of Object.keys(procs))
    if (name.endsWith('-redis') && prepared[name].cookies) sent[name] = await redisCommandsSent(scenario, prepared[name], PORTS[name]).catch(() => null);
  for (const name of [...Object.keys(procs), ...LIMITS]) {
    if (!S.servers.includes(name)) continue;
    const base = { scenario: scenario.id, kind: scenario.kind, visitors: scenario.visitors, title: scenario.title, workers, server: name };
    if (name === 'limit') {
      if (!scenario.limit) continue;
      rows.push({ ...base, status: 'ok', ...summarise(runs.limit) });
      continue;
    }
    if (name === 'limit-redis') {
      if (!scenario.limit || !procs['ours-redis']) continue;
      if (redisPlan?.keys)
        rows.push({ ...base, status: 'ok', commands: redisPlan.captured, redisSentPerRequest: redisPlan.redisCommands.commands.length, ...summarise(runs[name]) });
      else rows.push({ ...base, status: 'failed', reason: redisPlan?.failed ?? 'ours on Redis not prepared' });
      continue;
    }
    const prep = prepared[name];
    if (!prep.cookies) {
      rows.push({ ...base, status: prep.unavailable ? 'not available' : 'failed', reason: prep.unavailable ?? prep.failed });
      continue;
    }
    const row = { ...base, status: 'ok', ...summarise(runs[name]) };
    if (sent[name]) Object.assign(row, { redisSentPerRequest: sent[name].total, redisSent: sent[name].byCommand });
    if (scenario.kind === 'anonymous') row.sessionsCreated = created[name];
    rows.push(row);
  }
}

function summarise(runs) {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB ?? 0)),
    dbOpsPerRequest: averageOps(runs.map((r) => r.dbOps)),
    redisOpsPerRequest: averageOps(runs.map((r) => r.redisOps), null),
    runs: runs.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99, errors: r.errors })),
  };
}

function averageOps(list, counted = COUNTED) {
  const valid = list.filter(Boolean);
  if (valid.length === 0) return null;
  const out = {};
  for (const command of counted ?? [...new Set(valid.flatMap((ops) => Object.keys(ops)))]) {
    const values = valid.map((ops) => ops[command] ?? 0);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    if (mean > 0) out[command] = Math.round(mean * 100) / 100;
  }
  return out;
}

// ---------------------------------------------------------------- store size
/** Filler sessions in the collection, up to `target` documents in all. */
async function fillCollection(target) {
  const have = await countSessions({ collection: 'sessions' });
  const now = Date.now();
  for (let done = have; done < target; ) {
    const n = Math.min(5000, target - done);
    const docs = Array.from({ length: n }, (_, i) => ({
      _id: `filler-${randomBytes(24).toString('base64url')}`,
      session: { cookie: { originalMaxAge: null, expires: null, secure: true, httpOnly: true, path: '/', sameSite: 'lax' }, createdAt: now, count: i },
      expires: new Date(now + 30 * 60_000),
      lastModified: new Date(now),
    }));
    await db.collection('sessions').insertMany(docs, { ordered: false });
    done += n;
  }
}

/** Filler sessions in Redis, up to `target` of each server's keys (the app's hashes, the baseline's strings). */
async function fillRedis(target) {
  for (const [layout, pattern] of [['app', SERVER_INFO['ours-redis'].sessions.redis], ['baseline', SERVER_INFO['baseline-redis'].sessions.redis]]) {
    const have = await redis.countSessions(pattern);
    if (have < target) await redis.fill(target - have, layout);
  }
}

/** The store-size servers: ours and the baseline on each store measured (Flask keeps its sessions in a collection of its own). */
const STORE_SIZE_SERVERS = ['ours', 'baseline', 'ours-redis', 'baseline-redis'];

async function prepareStorePlan(procs) {
  const read = SCENARIOS.find((sc) => sc.id === 'read-many');
  const counter = SCENARIOS.find((sc) => sc.id === 'counter-many');
  const plan = {};
  for (const name of Object.keys(procs).filter((n) => STORE_SIZE_SERVERS.includes(n))) {
    const reading = await read.prepare(PORTS[name]).catch((e) => ({ failed: e.message }));
    if (reading.cookies) plan[name] = { scenario: read, cookies: reading.cookies };
    else {
      // Without a login route, the store size is measured on the counter page.
      const counting = await counter.prepare(PORTS[name]).catch((e) => ({ failed: e.message }));
      plan[name] = counting.cookies
        ? { scenario: counter, cookies: counting.cookies, note: `read: ${reading.unavailable ?? reading.failed}; counter measured instead` }
        : { failed: counting.unavailable ?? counting.failed };
    }
  }
  return plan;
}

/**
 * The read scenario with `size` sessions in the store, for ours and the
 * baseline on each store, and the limits. The filler goes in first and the
 * measured sessions are made after it, as live sessions are the newest rows.
 */
async function measureStoreSize(procs, rows) {
  await clearSessions();
  const read = SCENARIOS.find((sc) => sc.id === 'read-many');
  for (const size of S.storeSizes) {
    const filling = Date.now();
    await fillCollection(size);
    if (procs['ours-redis'] || procs['baseline-redis']) await fillRedis(size);
    log(`store size ${size}: filled in ${Date.now() - filling} ms`);
    const plan = await prepareStorePlan(procs);
    const sids = S.servers.includes('limit') ? await limitSids(S.connections) : null;
    const redisPlan =
      S.servers.includes('limit-redis') && plan['ours-redis']?.scenario === read
        ? await redisLimitPlan(read, plan['ours-redis']).catch((error) => ({ failed: error.message }))
        : null;
    const runs = {};
    for (let run = 0; run < S.runs; run++) {
      for (const [name, p] of Object.entries(plan)) {
        if (!p.cookies) continue;
        const load = { port: PORTS[name], path: p.scenario.path, cookies: p.cookies, connections: S.connections, expect: p.scenario.expect };
        (runs[name] ??= []).push(await measureHttp(procs[name], load, run === 0));
      }
      if (sids) (runs.limit ??= []).push(await measureLimit({ mode: 'read', sids, workers: 1 }));
      if (redisPlan?.keys) (runs['limit-redis'] ??= []).push(await measureLimit({ ...redisPlan, workers: 1 }));
    }
    const stored = {
      mongodb: await countSessions({ collection: 'sessions' }),
      redis: USES_REDIS ? await countSessions(SERVER_INFO['ours-redis'].sessions) : null,
    };
    for (const [name, r] of Object.entries(runs)) {
      const scenario = LIMITS.includes(name) ? read : plan[name].scenario;
      rows.push({
        scenario: `store-${size}`, kind: 'store', storeSize: size, storedAfter: name.endsWith('-redis') ? stored.redis : stored.mongodb,
        connections: S.connections, measured: scenario.id, note: plan[name]?.note ?? (name === 'limit-redis' ? `replays ${redisPlan.captured}` : undefined),
        title: `store size ${size.toLocaleString('en')}`, workers: 1, server: name, status: 'ok', ...summarise(r),
      });
    }
    for (const [name, p] of Object.entries(plan))
      if (!p.cookies)
        rows.push({ scenario: `store-${size}`, kind: 'store', storeSize: size, title: `store size ${size.toLocaleString('en')}`, workers: 1, server: name, status: 'failed', reason: p.failed });
  }
}

// ---------------------------------------------------------------- memory check
async function memoryCheck(store) {
  log(`memory check (${store}): the app in-process with --expose-gc`);
  const proc = start(`heap-probe-${store}`, process.execPath, ['--expose-gc', '--import', LOOPBACK, join(BENCH, 'heap-probe.mjs')], {
    cwd: ROOT,
    logDir: TMP,
    ipc: true,
    env: {
      ...OURS_ENV,
      ...(store === 'redis' && { SESSION_STORE: 'redis', REDIS_URL: redis.url }),
      MONGODB_URI,
      SESSION_SECRET,
      PORT: String(PORTS.probe),
      APP_DIST: join(APP_DIR, 'dist'),
    },
  });
  const child = proc.child;
  const messages = [];
  const waiters = [];
  child.on('message', (m) => (waiters.length ? waiters.shift()(m) : messages.push(m)));
  const nextMessage = () => new Promise((r) => (messages.length ? r(messages.shift()) : waiters.push(r)));
  try {
    await nextMessage();
    await clearSessions();
    const heap = async () => {
      child.send('heap');
      return nextMessage();
    };
    // New visitors (no cookie) on S.connections keep-alive connections. The
    // documents are removed every half second: the collection stays small (the
    // store size is measured on its own), and the app keeps nothing of them anyway.
    // Each visitor comes from its own address (X-Forwarded-For, trusted here as
    // behind a proxy), as real visitors do: the new-sessions-per-address limit
    // is not hit, and the memory it keeps per address (bounded) is measured too.
    let visitor = 0;
    const visit = async (amount) => {
      let left = amount;
      const clearer = setInterval(() => void clearSessions().catch(() => undefined), 500);
      try {
        await Promise.all(
          Array.from({ length: S.connections }, async () => {
            while (left > 0) {
              left -= 1;
              visitor += 1;
              const address = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
              const res = await request(PORTS.probe, { path: '/', headers: { 'x-forwarded-for': address } });
              if (res.status !== 200 || !res.headers['set-cookie']) throw new Error(`GET / answered ${res.status} without a new session`);
            }
          }),
        );
      } finally {
        clearInterval(clearer);
      }
      await clearSessions();
    };
    const [first, total] = S.memoryVisitors;
    let t = Date.now();
    await visit(first);
    log(`memory (${store}): ${first} visitors in ${Date.now() - t} ms`);
    const after1k = await heap();
    await visit(total - first);
    const after20k = await heap();
    const result = {
      visitors: [first, total],
      heapUsedMiB: [after1k.heapUsed / 2 ** 20, after20k.heapUsed / 2 ** 20].map((v) => Math.round(v * 10) / 10),
      rssMiB: [after1k.rss / 2 ** 20, after20k.rss / 2 ** 20].map((v) => Math.round(v * 10) / 10),
    };
    result.growth = ratio(after20k.heapUsed, after1k.heapUsed, 3);
    result.met = result.growth <= 1.1;
    log(`memory (${store}): heap ${result.heapUsedMiB[0]} MiB after ${first}, ${result.heapUsedMiB[1]} MiB after ${total}`);
    return result;
  } finally {
    await stop(proc);
  }
}

// ---------------------------------------------------------------- set-up
function ensureVenv() {
  const gunicorn = join(VENV, 'bin', 'gunicorn');
  if (existsSync(gunicorn)) return true;
  try {
    log('creating bench/.venv and installing the Flask app from PyPI');
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '-r', join(BENCH, 'flask', 'requirements.txt')], { stdio: 'inherit' });
    return existsSync(gunicorn);
  } catch (error) {
    log(`Flask app not available: ${error.message}`);
    return false;
  }
}

function ferret(command) {
  execFileSync('bash', [join(ROOT, 'scripts', 'db.sh'), command], {
    env: { ...process.env, FERRETDB_PORT: String(S.dbPort), FERRETDB_DATA_DIR: DB_DIR },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The argon2 parameters of the app's stored demo user (whatever field holds the hash). */
async function hashingParams() {
  const docs = await db.collection('users').find({}).limit(5).toArray().catch(() => []);
  for (const doc of docs) {
    for (const value of Object.values(doc)) {
      if (typeof value === 'string' && value.startsWith('$argon2')) {
        const [, variant, , params] = value.split('$');
        return `${variant} ${params}`;
      }
    }
  }
  return null;
}

function redisVersion() {
  try {
    return execFileSync('redis-server', ['--version']).toString().trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return null;
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    python: (() => {
      try {
        return execFileSync(join(VENV, 'bin', 'python'), ['--version']).toString().trim();
      } catch {
        return null;
      }
    })(),
    database: 'FerretDB v1.24.2, SQLite backend, with the patches of scripts/ferretdb/ (scripts/db.sh)',
    redis: USES_REDIS ? `${redisVersion()}, append-only file (everysec), as scripts/redis.sh starts it` : null,
  };
}

// ---------------------------------------------------------------- main
let cleaning = false;
async function cleanup() {
  if (cleaning) return;
  cleaning = true;
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
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    log(`${signal}: stopping everything`);
    cleanup().finally(() => process.exit(130));
  });
process.on('exit', () => {
  killAllNow();
  if (!cleaning) {
    try {
      ferret('stop');
    } catch {
      /* not running */
    }
    if (USES_REDIS) redis.stop();
  }
});

async function main() {
  mkdirSync(TMP, { recursive: true });
  if (env.BENCH_SKIP_BUILD !== '1') {
    log('npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: APP_DIR, stdio: 'inherit' });
  }
  const available = { flask: S.servers.includes('flask') && ensureVenv(), redis: USES_REDIS };
  await assertPortsFree([S.dbPort, S.dbPort - 18929, ...(USES_REDIS ? [S.redisPort] : []), ...Object.values(PORTS)]);
  rmSync(DB_DIR, { recursive: true, force: true });
  ferret('start');
  log(`FerretDB on 127.0.0.1:${S.dbPort}, data in ${DB_DIR}`);
  if (USES_REDIS) {
    await redis.start();
    log(`Redis on 127.0.0.1:${S.redisPort} (${redisVersion()})`);
  }
  client = await MongoClient.connect(MONGODB_URI);
  db = client.db();
  // The baseline and the Flask app check the same password, hashed with @node-rs/argon2's defaults.
  const passwordHash = await hash('1234');
  await db.collection('bench_users').insertOne({ _id: 'admin@nomades.ch', passwordHash });
  await seedLoginAccounts(db, passwordHash, S.loginAccounts);
  const [, variant, , params] = passwordHash.split('$');

  const rows = [];
  let oursHashing = null;
  let memory = null;
  const failures = [];
  let samePages = null;
  // Each store's pair: ours and the baseline on the same store.
  const PAIRS = { mongodb: ['ours', 'baseline'], redis: ['ours-redis', 'baseline-redis'] };
  for (const workers of S.settings) {
    const procs = await startServers(workers, available);
    oursHashing ??= await hashingParams();
    if (!samePages) {
      samePages = {};
      for (const [store, [a, b]] of Object.entries(PAIRS)) {
        if (!procs[a] || !procs[b]) continue;
        await clearSessions();
        samePages[store] = await comparePages(PORTS[a], PORTS[b]).catch((error) => [{ page: 'all', same: false, differences: [`check failed: ${error.message}`] }]);
        for (const p of samePages[store]) log(`same page (${store}), ${p.page}: ${p.same ? 'yes' : `NO: ${p.differences.join('; ')}`}`);
      }
    }
    try {
      for (const scenario of SCENARIOS.filter((sc) => !env.BENCH_SCENARIOS || env.BENCH_SCENARIOS.split(',').includes(sc.id)))
        await measureScenario(scenario, workers, procs, rows);
    } finally {
      await stopAll();
    }
  }
  // The memory check and the store size come last: FerretDB takes minutes to
  // remove 200,000 documents, so the store is left as it is when the run ends.
  // A failure in either is reported in the results.
  if (env.BENCH_SKIP_MEMORY !== '1') {
    memory = {};
    for (const [store, server] of [['mongodb', 'ours'], ['redis', 'ours-redis']])
      if (S.servers.includes(server)) memory[store] = await memoryCheck(store).catch((error) => ({ error: String(error?.message ?? error) }));
  }
  if (S.storeSizes.length > 0) {
    const procs = await startServers(1, { flask: false, redis: USES_REDIS, only: STORE_SIZE_SERVERS });
    try {
      await measureStoreSize(procs, rows).catch((error) => {
        log(`store size failed: ${error.message}`);
        failures.push(`store size: ${error.message}`);
      });
    } finally {
      await stopAll();
    }
  }

  const flaskTtl = available.flask ? /TTL index refused/.test(tail({ logFile: join(TMP, 'flask-1.log') }, 200)) : null;
  const results = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - t0) / 1000),
    machine: { ...machine(), loadAverage: { start: loadAtStart, end: os.loadavg().map((v) => Math.round(v * 100) / 100) } },
    settings: { ...S, servers: S.servers },
    notes: {
      oursMode: 'NODE_ENV=production, TRUST_PROXY=true; requests carry X-Forwarded-Proto: https so the Secure __Host-sid cookie is issued over loopback HTTP',
      hashing: { baselineAndFlask: `${variant} ${params} (@node-rs/argon2 defaults; Flask verifies with argon2-cffi)`, ours: oursHashing ?? 'no stored hash found (login not available)' },
      flaskTtlIndexRefused: flaskTtl,
      flaskServer: 'gunicorn --worker-class gthread --threads 4, --workers 1 or 2',
    },
    rows,
    memory: memory ?? null,
    samePages,
    failures,
  };
  const output = env.BENCH_OUTPUT ?? (QUICK ? 'quick' : 'latest');
  const dir = QUICK ? TMP : RESULTS;
  writeReports(results, dir, output);
  log(`wrote ${relative(ROOT, join(dir, output))}.{json,md,svg} in ${results.durationSeconds}s${QUICK ? ' (quick mode: a smoke test, not a measurement)' : ''}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
