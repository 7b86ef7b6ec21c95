// latest.json, latest.md and latest.svg from one run's rows.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratio } from './stats.mjs';

const LABELS = {
  ours: 'ours (NestJS)',
  'ours-redis': 'ours on Redis (NestJS)',
  baseline: 'Express baseline',
  'baseline-redis': 'Express baseline on Redis',
  flask: 'Flask + gunicorn',
  limit: 'limit (driver only)',
  'limit-redis': 'Redis limit (commands only)',
  before: 'before (NestJS)',
  'before-redis': 'before on Redis (NestJS)',
};
const COLORS = {
  ours: '#d62728',
  'ours-redis': '#ff9896',
  baseline: '#1f77b4',
  'baseline-redis': '#aec7e8',
  flask: '#2ca02c',
  limit: '#7f7f7f',
  'limit-redis': '#c7c7c7',
  before: '#9467bd',
  'before-redis': '#c5b0d5',
};
const SERVERS = Object.keys(LABELS);

/** Each store: our app on it, the baseline on it, its limit, and the "before" build on it. */
export const STORES = {
  mongodb: { name: 'MongoDB', ours: 'ours', baseline: 'baseline', limit: 'limit', before: 'before' },
  redis: { name: 'Redis', ours: 'ours-redis', baseline: 'baseline-redis', limit: 'limit-redis', before: 'before-redis' },
};

const find = (rows, scenario, workers, server) =>
  rows.find((r) => r.scenario === scenario && r.workers === workers && r.server === server && r.status === 'ok');

export function computeRatios(rows) {
  const out = [];
  const keys = [...new Set(rows.filter((r) => r.kind !== 'store').map((r) => `${r.scenario}|${r.workers}`))];
  for (const key of keys) {
    const [scenario, w] = key.split('|');
    const workers = Number(w);
    const row = (server) => find(rows, scenario, workers, server);
    const entry = { scenario, workers };
    for (const [store, s] of Object.entries(STORES)) {
      const [ours, baseline, limit] = [row(s.ours), row(s.baseline), row(s.limit)];
      entry[store] = {
        oursOverBaselineRps: ratio(ours?.rps, baseline?.rps),
        oursOverBaselineP99: ratio(ours?.p99, baseline?.p99),
        oursOverFlaskRps: ratio(ours?.rps, row('flask')?.rps),
        oursOverLimitRps: ratio(ours?.rps, limit?.rps),
        baselineOverLimitRps: ratio(baseline?.rps, limit?.rps),
        oursOverBeforeRps: ratio(ours?.rps, row(s.before)?.rps),
        oursOverBeforeP99: ratio(ours?.p99, row(s.before)?.p99),
      };
    }
    entry.oursRedisOverOursRps = ratio(row('ours-redis')?.rps, row('ours')?.rps);
    out.push(entry);
  }
  return out;
}

const PAGE_SCENARIOS = ['counter-many', 'counter-one', 'read-many', 'read-one', 'anonymous', 'login'];
const processes = (workers) => `${workers} process${workers > 1 ? 'es' : ''}`;

/**
 * Every target, on each store measured, from this run's figures: `met`, `not met`
 * or `not measured`; `figure` rows are given for comparison, not as targets.
 */
export function computeTargets(results) {
  const { rows } = results;
  const targets = [];
  const stores = Object.entries(STORES).filter(([, s]) => rows.some((r) => r.server === s.ours));
  for (const [store, s] of stores) {
    const on = `on ${s.name}`;
    for (const scenario of PAGE_SCENARIOS) {
      for (const workers of results.settings.settings) {
        const ours = find(rows, scenario, workers, s.ours);
        const baseline = find(rows, scenario, workers, s.baseline);
        const flask = find(rows, scenario, workers, 'flask');
        const where = { store, scenario, workers };
        const missing = (other) =>
          rows.find((r) => r.scenario === scenario && r.workers === workers && r.server === (ours ? other : s.ours))?.reason ?? 'missing figures';
        const target = `${scenario} ${on} (${processes(workers)}): ≥ 0.90 × the fair baseline's req/s, with p99 ≤ 1.25 × its p99`;
        if (!ours || !baseline) targets.push({ ...where, target, status: 'not measured', detail: missing(s.baseline) });
        else {
          const rps = ratio(ours.rps, baseline.rps);
          const p99 = ratio(ours.p99, baseline.p99);
          targets.push({
            ...where,
            target,
            status: rps >= 0.9 && p99 <= 1.25 ? 'met' : 'not met',
            detail: `req/s ${rps} × (${ours.rps} vs ${baseline.rps}) ${rps >= 0.9 ? '✓' : '✗'}; p99 ${p99} × (${ours.p99} vs ${baseline.p99} ms) ${p99 <= 1.25 ? '✓' : '✗'}`,
          });
          // One atomic write against connect-mongo's read and write (connect-redis: GET, then SET).
          if (scenario.startsWith('counter')) {
            targets.push({
              ...where,
              target: `${scenario} ${on} (${processes(workers)}): ≥ 1.0 × the fair baseline's req/s`,
              status: rps >= 1 ? 'met' : 'not met',
              detail: `${rps} × (${ours.rps} vs ${baseline.rps} req/s)`,
            });
          }
        }
        const ahead = `${scenario} ${on} (${processes(workers)}): ahead of the course's Flask app (req/s)`;
        if (!ours || !flask) targets.push({ ...where, target: ahead, status: 'not measured', detail: missing('flask') });
        else
          targets.push({
            ...where,
            target: ahead,
            status: ours.rps > flask.rps ? 'met' : 'not met',
            detail: `${ratio(ours.rps, flask.rps)} × Flask (${ours.rps} vs ${flask.rps} req/s)`,
          });
      }
    }
    // Reads against the store's limit: MongoDB's is a target, Redis's a figure beside it.
    for (const scenario of ['read-many', 'read-one']) {
      for (const workers of results.settings.settings) {
        const ours = find(rows, scenario, workers, s.ours);
        const limit = find(rows, scenario, workers, s.limit);
        const r = ratio(ours?.rps, limit?.rps);
        const isTarget = store === 'mongodb';
        targets.push({
          store,
          scenario,
          workers,
          target: isTarget
            ? `${scenario} ${on} (${processes(workers)}): ≥ 0.60 × the driver-only limit's req/s`
            : `${scenario} ${on} (${processes(workers)}): against the Redis limit's req/s (a figure, not a target)`,
          status: r === null ? 'not measured' : !isTarget ? 'figure' : r >= 0.6 ? 'met' : 'not met',
          detail: r === null ? 'missing figures' : `${ours.rps} vs ${limit.rps} req/s (${r}×)`,
        });
      }
    }
    for (const workers of results.settings.settings) {
      const row = rows.find((r) => r.scenario === 'anonymous' && r.workers === workers && r.server === s.ours);
      targets.push({
        store,
        scenario: 'anonymous',
        workers,
        target: `anonymous ${on} (${processes(workers)}): zero sessions stored`,
        status: row?.status !== 'ok' ? 'not measured' : row.sessionsCreated === 0 ? 'met' : 'not met',
        detail: row?.status === 'ok' ? `${row.sessionsCreated} created over ${row.requests} requests` : (row?.reason ?? 'missing'),
      });
    }
    const sizes = results.settings.storeSizes;
    if (sizes.length >= 2) {
      const [first, last] = [sizes[0], sizes.at(-1)];
      const small = find(rows, `store-${first}`, 1, s.ours);
      const large = find(rows, `store-${last}`, 1, s.ours);
      const r = ratio(large?.rps, small?.rps);
      const others = [s.baseline, s.limit]
        .map((server) => [server, ratio(find(rows, `store-${last}`, 1, server)?.rps, find(rows, `store-${first}`, 1, server)?.rps)])
        .filter(([, value]) => value !== null)
        .map(([server, value]) => `${LABELS[server]} ${value}×`);
      targets.push({
        store,
        scenario: 'store',
        workers: 1,
        target: `store size ${on}: req/s at ${last.toLocaleString('en')} sessions within 10% of ${first.toLocaleString('en')}`,
        status: r === null ? 'not measured' : r >= 0.9 ? 'met' : 'not met',
        detail: r === null ? 'missing figures' : `${large.rps} vs ${small.rps} req/s (${r}×, measured on ${small.measured})${others.length ? `; same ratio for ${others.join(', ')}` : ''}`,
      });
    }
    const memory = results.memory?.[store];
    if (memory?.error) targets.push({ store, scenario: 'memory', target: `memory check ${on}`, status: 'not measured', detail: memory.error });
    else if (memory)
      targets.push({
        store,
        scenario: 'memory',
        target: `memory ${on}: heap after ${memory.visitors[1].toLocaleString('en')} visitors within 10% of after ${memory.visitors[0].toLocaleString('en')}`,
        status: memory.met ? 'met' : 'not met',
        detail: `${memory.heapUsedMiB[0]} → ${memory.heapUsedMiB[1]} MiB (${memory.growth}×)`,
      });
    const pages = results.samePages?.[store];
    if (pages)
      targets.push({
        store,
        scenario: 'same page',
        target: `same page ${on}: the baseline serves the pages the scenarios measure as the app does (headers and HTML, see "Same page")`,
        status: pages.every((p) => p.same) ? 'met' : 'not met',
        detail: pages.map((p) => `${p.page} ${p.same ? '✓' : '✗'}`).join('; '),
      });
  }
  return targets;
}

// ---------------------------------------------------------------- the profile behind a target

/** bench/results/profile.json, when there is one: where the CPU time of each scenario goes. */
function readProfile(dir) {
  const file = join(dir, 'profile.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const isNest = (group) => group.startsWith('Nest: ') || group === 'rxjs' || group === 'reflect-metadata';
const isApp = (group) => group.startsWith('app: ');

/**
 * One line from the profile of the scenario on the target's store: CPU per
 * request of ours and of the baseline, and the groups that make most of the
 * difference.
 */
export function profileLine(profile, store, scenario) {
  if (!profile) return null;
  const s = STORES[store];
  const pick = (server) => profile.results?.find((r) => r.scenario === scenario && r.server === server && r.status === 'ok');
  const [ours, baseline] = [pick(s.ours), pick(s.baseline)];
  if (!ours || !baseline) return null;
  const byGroup = (r) => new Map(r.groups.map((g) => [g.group, g.usPerRequest ?? 0]));
  const [a, b] = [byGroup(ours), byGroup(baseline)];
  const sum = (m, test) => [...m].filter(([g]) => test(g)).reduce((acc, [, us]) => acc + us, 0);
  const diffs = [...new Set([...a.keys(), ...b.keys()])]
    .map((group) => [group, (a.get(group) ?? 0) - (b.get(group) ?? 0)])
    .filter(([, d]) => d >= 5)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([group, d]) => `${group} +${Math.round(d)}`);
  return (
    `profile: ours ${Math.round(ours.cpuUsPerRequest)} µs of CPU per request, baseline ${Math.round(baseline.cpuUsPerRequest)} µs ` +
    `(Nest, rxjs, reflect-metadata ${Math.round(sum(a, isNest))} µs; app code ${Math.round(sum(a, isApp))} µs)` +
    (diffs.length ? `; most of the difference: ${diffs.join(', ')} µs` : '')
  );
}

// ---------------------------------------------------------------- markdown

/** Database commands per request, as FerretDB counted them: "find 1 · update 1". */
const ops = (o) => (o ? Object.entries(o).map(([k, v]) => `${k} ${v}`).join(' · ') || '0' : '–');

/** FerretDB's commands, and Redis's for the servers that use it: "redis: hgetall 1 · evalsha 1". */
function allOps(r) {
  if (!r.server.endsWith('-redis')) return ops(r.dbOpsPerRequest);
  const mongo = r.dbOpsPerRequest && Object.keys(r.dbOpsPerRequest).length > 0 ? `${ops(r.dbOpsPerRequest)}; ` : '';
  return `${mongo}redis: ${ops(r.redisOpsPerRequest)}`;
}

/** Commands sent per request: FerretDB's, plus the Redis commands sent by the client (not those a script ran inside Redis). */
export function commandsSent(r) {
  const mongo = Object.values(r.dbOpsPerRequest ?? {}).reduce((a, b) => a + b, 0);
  const redis = r.redisSentPerRequest ?? 0;
  return Math.round((mongo + redis) * 100) / 100;
}

const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : typeof v === 'number' ? v.toLocaleString('en', { maximumFractionDigits: digits }) : String(v));

function markdown(results, profile) {
  const { rows, machine, settings: s, notes } = results;
  const lines = [];
  lines.push(`# Benchmark results`, '');
  if (results.settings.quick) lines.push('**Quick mode (BENCH_QUICK=1): a smoke test of the benchmark itself; these figures measure nothing.**', '');
  lines.push(`Run ${results.generatedAt}, ${results.durationSeconds} s in all. Machine: ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; ${machine.python ?? 'no Python'}; ${machine.database}${machine.redis ? `; ${machine.redis}` : ''}.`, '');
  if (machine.loadAverage) lines.push(`Load average (1, 5, 15 min) at the start: ${machine.loadAverage.start.join(', ')}; at the end: ${machine.loadAverage.end.join(', ')}. The ratios, measured in the same run with interleaved runs, are more telling than absolute figures.`, '');
  lines.push(`Each figure: median of ${s.runs} interleaved runs of ${s.seconds} s (after a ${s.warmupSeconds} s warm-up), ${s.connections} connections (login: ${s.loginConnections}, each request logging in to one of ${s.loginAccounts ?? 1} accounts in turn), load from autocannon on the same machine. "many visitors": each connection its own session cookie; "one visitor": all connections share one cookie. Peak RSS: the server's whole process tree (cluster primary and workers, gunicorn arbiter and workers), sampled every 100 ms.`, '');
  const real = results.targets.filter((t) => t.status !== 'figure');
  const met = real.filter((t) => t.status === 'met').length;
  lines.push('## Targets', '', `${met} of ${real.length} met, on both stores: every scenario against the fair baseline on the same store and against the Flask app, the counter against the baseline, reads against the driver-only limit (on Redis: the Redis limit, a figure), no session stored for anonymous visitors, memory, store size and the same-page check.${profile ? ` Each target not met is followed by the CPU profile of its scenario on its store (bench/results/profile.md, one process, ${profile.generatedAt?.slice(0, 10)}).` : ''}`, '', '| target | status | detail |', '|---|---|---|');
  for (const t of results.targets) {
    const behind = t.status === 'not met' && PAGE_SCENARIOS.includes(t.scenario) ? profileLine(profile, t.store, t.scenario) : null;
    lines.push(`| ${t.target} | **${t.status}** | ${t.detail}${behind ? `<br>${behind}` : ''} |`);
  }
  lines.push('');
  for (const workers of s.settings) {
    lines.push(`## ${workers === 1 ? 'One process' : `${workers} workers (Node cluster, gunicorn --workers ${workers}, ${workers} limit processes)`}`, '');
    lines.push('| scenario | server | req/s | p50 ms | p99 ms | errors | peak RSS MiB | commands sent / request | DB commands / request | note |', '|---|---|---:|---:|---:|---:|---:|---:|---|---|');
    for (const r of rows.filter((row) => row.workers === workers && row.kind !== 'store')) {
      const note =
        r.status !== 'ok' ? `${r.status}: ${r.reason}` : r.kind === 'anonymous' ? `${r.sessionsCreated} sessions stored` : r.commands ? `replays ${r.commands}` : '';
      lines.push(`| ${r.title} | ${LABELS[r.server]} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.errors)} | ${fmt(r.peakRssMiB)} | ${r.status === 'ok' ? fmt(commandsSent(r), 2) : '–'} | ${r.status === 'ok' ? allOps(r) : '–'} | ${note} |`);
    }
    lines.push('');
  }
  const storeRows = rows.filter((r) => r.kind === 'store');
  if (storeRows.length > 0) {
    lines.push('## Store size (one process)', '', 'The read scenario (GET /secret logged in, many visitors; the limits: the read\'s round trip alone) with this many sessions in the store: filler sessions inserted directly (MongoDB: insertMany, batches of 5,000; Redis: HSET or SET, 5,000 at a time), the measured sessions created after them (live sessions are the newest rows). On Redis, the app\'s and the baseline\'s sessions are filled to the size each.', '', '| sessions | server | measured | req/s | p50 ms | p99 ms | errors | DB commands / request | note |', '|---:|---|---|---:|---:|---:|---:|---|---|');
    for (const r of storeRows)
      lines.push(`| ${fmt(r.storeSize, 0)} | ${LABELS[r.server]} | ${r.measured ?? '–'} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.errors)} | ${r.status === 'ok' ? allOps(r) : '–'} | ${r.status === 'ok' ? (r.note ?? '') : `${r.status}: ${r.reason}`} |`);
    lines.push('');
  }
  lines.push('## Ratios (same run)', '', 'Each store\'s pair: ours on it against the baseline on it, against Flask (on MongoDB) and against its limit (MongoDB: the driver-only limit; Redis: the Redis limit, which replays the commands our store sent for one request, captured with MONITOR, with the same client library at the same concurrency).', '');
  lines.push('| scenario | processes | store | ours/baseline req/s | ours/baseline p99 | ours/Flask req/s | ours/limit req/s | baseline/limit req/s |', '|---|---:|---|---:|---:|---:|---:|---:|');
  for (const r of results.ratios)
    for (const [store, st] of Object.entries(STORES)) {
      const x = r[store];
      if (Object.values(x).every((v) => v === null)) continue;
      lines.push(`| ${r.scenario} | ${r.workers} | ${st.name} | ${fmt(x.oursOverBaselineRps, 2)} | ${fmt(x.oursOverBaselineP99, 2)} | ${fmt(x.oursOverFlaskRps, 2)} | ${fmt(x.oursOverLimitRps, 2)} | ${fmt(x.baselineOverLimitRps, 2)} |`);
    }
  lines.push('');
  if (rows.some((r) => r.server === 'ours-redis') && rows.some((r) => r.server === 'ours')) {
    lines.push('Ours on Redis against ours on MongoDB (req/s): ' + results.ratios.filter((r) => r.oursRedisOverOursRps !== null).map((r) => `${r.scenario} ×${r.workers} ${fmt(r.oursRedisOverOursRps, 2)}`).join(', ') + '.', '');
  }
  if (rows.some((r) => r.server.startsWith('before'))) {
    lines.push('## Before and after (same run)', '', `"before" is the build in \`${s.before?.label ?? s.before?.dir}\`, measured in the same interleaved runs as ours (this checkout).`, '', '| scenario | processes | store | ours req/s | before req/s | ours/before req/s | ours p99 / before p99 | ours commands / request | before commands / request |', '|---|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const r of results.ratios)
      for (const [store, st] of Object.entries(STORES)) {
        const [a, b] = [find(rows, r.scenario, r.workers, st.ours), find(rows, r.scenario, r.workers, st.before)];
        if (!a || !b) continue;
        lines.push(`| ${r.scenario} | ${r.workers} | ${st.name} | ${fmt(a.rps)} | ${fmt(b.rps)} | ${fmt(r[store].oursOverBeforeRps, 2)} | ${fmt(r[store].oursOverBeforeP99, 2)} | ${fmt(commandsSent(a), 2)} | ${fmt(commandsSent(b), 2)} |`);
      }
    lines.push('');
  }
  if (results.samePages) {
    lines.push('## Same page', '', 'Each measured page fetched from our app and from the baseline on the same store in the same state, compared: status, every response header but Date, ETag, Content-Length and the connection ones, the names and attributes of the cookies set, and the HTML once CSRF tokens, session IDs, dates, the stored document\'s JSON and its size are blanked.', '', '| store | page | same | ours bytes | baseline bytes | differences |', '|---|---|---|---:|---:|---|');
    for (const [store, pages] of Object.entries(results.samePages))
      for (const p of pages) lines.push(`| ${STORES[store]?.name ?? store} | ${p.page} | ${p.same ? 'yes' : '**no**'} | ${fmt(p.oursBytes, 0)} | ${fmt(p.baselineBytes, 0)} | ${(p.differences ?? []).join('<br>').replace(/\|/g, '\\|') || '–'} |`);
    lines.push('');
  }
  const login = rows.filter((r) => r.kind === 'login' && r.status === 'ok');
  lines.push('## Login and hashing', '');
  lines.push(`- Hashing: ours ${notes.hashing.ours}; baseline and Flask ${notes.hashing.baselineAndFlask}.`);
  for (const r of login) lines.push(`- ${LABELS[r.server]}, ${r.workers} process(es): ${fmt(r.rps)} logins/s, p99 ${fmt(r.p99, 0)} ms, ${fmt(commandsSent(r), 2)} commands sent per login (${allOps(r)}).`);
  lines.push('');
  if (results.memory) {
    const memory = Object.entries(results.memory).filter(([, m]) => m && !m.error);
    if (memory.length > 0) {
      lines.push('## Memory check', '', 'Our app started in-process (bench/heap-probe.mjs, `--expose-gc`), heap measured after a full GC, each visitor from an address of its own:', '');
      for (const [store, m] of memory)
        lines.push(`- on ${STORES[store]?.name ?? store}: ${m.heapUsedMiB[0]} MiB after ${m.visitors[0].toLocaleString('en')} distinct visitors, ${m.heapUsedMiB[1]} MiB after ${m.visitors[1].toLocaleString('en')} (${m.growth}×; RSS ${m.rssMiB[0]} → ${m.rssMiB[1]} MiB).`);
      lines.push('');
    }
  }
  if (results.failures?.length) lines.push('## Failures', '', ...results.failures.map((f) => `- ${f}`), '');
  lines.push('## Notes', '');
  lines.push(`- Our app: ${notes.oursMode}. The baseline does the same (trust proxy, Secure \`__Host-sid\` and \`__Host-csrf\` cookies).`);
  lines.push(`- Flask: ${notes.flaskServer}. Flask-Session's TTL index ${notes.flaskTtlIndexRefused ? 'was refused by FerretDB and is turned off in bench/flask/app.py' : notes.flaskTtlIndexRefused === false ? 'was accepted' : 'not tried'}. Flask-Session rewrites a permanent session on every request (its default SESSION_REFRESH_EACH_REQUEST), so its read does a write. It keeps its sessions in MongoDB: the targets "ahead of Flask" on Redis compare ours on Redis with the same Flask app.`);
  lines.push('- Database: FerretDB 1.24.2 on SQLite with the patches of scripts/ferretdb/: lookups by `_id`, and by an indexed field equal to a string, use the index (as shipped, every lookup and update but by `_id` alone scanned the collection), update, findAndModify and delete are atomic with respect to each other, and a delete of many documents looks for them without holding the write lock. Collections are emptied between scenarios, and Redis too. Flask is left out of the store-size scenario (its sessions live in another collection, which would need its own filler).');
  lines.push('- Commands sent / request: the database commands the server sent per request, FerretDB\'s and Redis\'s together (an EVALSHA counts once, whatever its script runs inside Redis). DB commands / request: FerretDB\'s own command counters (its /debug/metrics) and Redis\'s (INFO commandstats: every command Redis ran, those of Lua scripts included), over the measured runs, divided by the requests served; background work (expired-session removal, driver heartbeats) is included but negligible.');
  lines.push('- The baseline is a plain Express app serving the same pages (see "Same page" and bench/README.md, "The fair baseline"): the app\'s views, layout, partials, view helpers and catalogue, the app\'s security headers, express-session on connect-mongo (on Redis: connect-redis on @redis/client, as published: GET per request, SET with EX after a change, EXPIRE when unchanged) and csrf-csrf set up as the app sets them up. What remains between the two is NestJS and the app\'s own code.');
  lines.push('- Ours on Redis: the same build with `SESSION_STORE=redis` on the benchmark\'s own Redis' + (machine.redis ? ` (${machine.redis})` : '') + '; the users (login) stay in MongoDB, for ours and the baseline alike.');
  const captured = rows.filter((r) => r.server === 'limit-redis' && r.commands && r.workers === s.settings[0]);
  if (captured.length > 0) lines.push(`- The Redis limit replays, per request: ${captured.map((r) => `${r.scenario}: ${r.commands}`).join('; ')} (EVALSHA: the store's Lua write script).`);
  lines.push('- The limit does only the scenario\'s database round trips (read: findOne; counter: findOne + updateOne) with the MongoDB driver at the same concurrency, no HTTP.', '');
  lines.push(`![throughput and p99 per scenario](${results.output ?? 'latest'}.svg)`, '');
  return lines.join('\n');
}

function svg(results) {
  const groups = [];
  for (const workers of results.settings.settings)
    for (const scenario of [...new Set(results.rows.filter((r) => r.workers === workers && r.kind !== 'store').map((r) => r.scenario))]) {
      const bars = SERVERS.map((server) => ({ server, row: find(results.rows, scenario, workers, server) })).filter((b) => results.rows.some((r) => r.server === b.server));
      if (bars.some((b) => b.row)) groups.push({ label: `${scenario} ×${workers}`, bars });
    }
  const shown = SERVERS.filter((server) => results.rows.some((r) => r.server === server));
  const barW = 11;
  const groupW = shown.length * barW + 14;
  const left = 70;
  const width = Math.max(left + groups.length * groupW + 20, left + Math.ceil(shown.length / 2) * 190);
  const panelH = 220;
  const top1 = 80;
  const top2 = top1 + panelH + 110;
  const height = top2 + panelH + 110;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">nest-sessions benchmark, ${results.generatedAt.slice(0, 10)} (${results.machine.cpu.split(' × ')[0]} cores; log scales)</text>`);
  shown.forEach((server, i) => {
    const [x, y] = [left + Math.floor(i / 2) * 190, 34 + (i % 2) * 16];
    out.push(`<rect x="${x}" y="${y}" width="12" height="12" fill="${COLORS[server]}"/><text x="${x + 16}" y="${y + 10}">${LABELS[server]}</text>`);
  });
  const panel = (top, title, key, unit) => {
    const values = groups.flatMap((g) => g.bars.map((b) => b.row?.[key])).filter((v) => v > 0);
    if (values.length === 0) return;
    const lo = Math.floor(Math.log10(Math.min(...values)));
    const hi = Math.ceil(Math.log10(Math.max(...values)));
    const y = (v) => top + panelH - ((Math.log10(v) - lo) / Math.max(1, hi - lo)) * panelH;
    out.push(`<text x="${left}" y="${top - 8}" font-size="13" font-weight="bold">${title}</text>`);
    for (let e = lo; e <= hi; e++) {
      out.push(`<line x1="${left}" x2="${width - 20}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`);
      out.push(`<text x="${left - 6}" y="${y(10 ** e) + 4}" text-anchor="end">${(10 ** e).toLocaleString('en')} ${unit}</text>`);
    }
    groups.forEach((g, gi) => {
      const x0 = left + gi * groupW + 7;
      g.bars.forEach((b, bi) => {
        const v = b.row?.[key];
        if (!(v > 0)) return;
        const yy = y(v);
        out.push(`<rect x="${x0 + bi * barW}" y="${yy.toFixed(1)}" width="${barW - 2}" height="${(top + panelH - yy).toFixed(1)}" fill="${COLORS[b.server]}"><title>${LABELS[b.server]} ${g.label}: ${fmt(v, 2)} ${unit}</title></rect>`);
      });
      const lx = x0 + (g.bars.length * barW) / 2;
      out.push(`<text transform="translate(${lx},${top + panelH + 8}) rotate(45)" font-size="10">${g.label}</text>`);
    });
    out.push(`<line x1="${left}" x2="${width - 20}" y1="${top + panelH}" y2="${top + panelH}" stroke="#333"/>`);
  };
  panel(top1, 'Throughput (requests per second, median of runs)', 'rps', 'req/s');
  panel(top2, 'p99 latency (ms)', 'p99', 'ms');
  out.push('</svg>');
  return out.join('\n');
}

/** Writes <name>.json, .md and .svg; the profile behind targets not met comes from `profileDir`/profile.json. */
export function writeReports(results, dir, name = 'latest', profileDir = dir) {
  results.output = name;
  results.ratios = computeRatios(results.rows);
  results.targets = computeTargets(results);
  const profile = readProfile(profileDir);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), markdown(results, profile));
  writeFileSync(join(dir, `${name}.svg`), svg(results) + '\n');
}
