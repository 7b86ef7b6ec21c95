// latest.json, latest.md and latest.svg from one run's rows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ratio } from './stats.mjs';

const LABELS = {
  ours: 'ours (NestJS)',
  'ours-redis': 'ours on Redis (NestJS)',
  baseline: 'Express baseline',
  flask: 'Flask + gunicorn',
  limit: 'limit (driver only)',
  'limit-redis': 'Redis limit (commands only)',
};
const COLORS = { ours: '#d62728', 'ours-redis': '#ff9896', baseline: '#1f77b4', flask: '#2ca02c', limit: '#7f7f7f', 'limit-redis': '#c7c7c7' };
const SERVERS = ['ours', 'ours-redis', 'baseline', 'flask', 'limit', 'limit-redis'];

const find = (rows, scenario, workers, server) =>
  rows.find((r) => r.scenario === scenario && r.workers === workers && r.server === server && r.status === 'ok');

export function computeRatios(rows) {
  const out = [];
  const keys = [...new Set(rows.map((r) => `${r.scenario}|${r.workers}`))];
  for (const key of keys) {
    const [scenario, w] = key.split('|');
    const workers = Number(w);
    const ours = find(rows, scenario, workers, 'ours');
    const baseline = find(rows, scenario, workers, 'baseline');
    const flask = find(rows, scenario, workers, 'flask');
    const limit = find(rows, scenario, workers, 'limit');
    const oursRedis = find(rows, scenario, workers, 'ours-redis');
    const redisLimit = find(rows, scenario, workers, 'limit-redis');
    out.push({
      scenario,
      workers,
      oursOverBaselineRps: ratio(ours?.rps, baseline?.rps),
      oursOverBaselineP99: ratio(ours?.p99, baseline?.p99),
      oursOverFlaskRps: ratio(ours?.rps, flask?.rps),
      oursOverLimitRps: ratio(ours?.rps, limit?.rps),
      baselineOverLimitRps: ratio(baseline?.rps, limit?.rps),
      oursRedisOverOursRps: ratio(oursRedis?.rps, ours?.rps),
      oursRedisOverRedisLimitRps: ratio(oursRedis?.rps, redisLimit?.rps),
    });
  }
  return out;
}

const PAGE_SCENARIOS = ['counter-many', 'counter-one', 'read-many', 'read-one', 'anonymous', 'login'];
const processes = (workers) => `${workers} process${workers > 1 ? 'es' : ''}`;

export function computeTargets(results) {
  const { rows, memory } = results;
  const targets = [];
  // Every scenario against the fair baseline, and against the Flask app, in the same run (issue 19).
  for (const scenario of PAGE_SCENARIOS) {
    for (const workers of results.settings.settings) {
      const ours = find(rows, scenario, workers, 'ours');
      const baseline = find(rows, scenario, workers, 'baseline');
      const flask = find(rows, scenario, workers, 'flask');
      const missing = (other) =>
        rows.find((r) => r.scenario === scenario && r.workers === workers && r.server === (ours ? other : 'ours'))?.reason ?? 'missing figures';
      const target = `${scenario} (${processes(workers)}): ≥ 0.90 × the fair baseline's req/s, with p99 ≤ 1.25 × its p99`;
      if (!ours || !baseline) targets.push({ target, status: 'not measured', detail: missing('baseline') });
      else {
        const rps = ratio(ours.rps, baseline.rps);
        const p99 = ratio(ours.p99, baseline.p99);
        targets.push({
          target,
          status: rps >= 0.9 && p99 <= 1.25 ? 'met' : 'not met',
          detail: `req/s ${rps} × (${ours.rps} vs ${baseline.rps}) ${rps >= 0.9 ? '✓' : '✗'}; p99 ${p99} × (${ours.p99} vs ${baseline.p99} ms) ${p99 <= 1.25 ? '✓' : '✗'}`,
        });
      }
      const ahead = `${scenario} (${processes(workers)}): ahead of the course's Flask app (req/s)`;
      if (!ours || !flask) targets.push({ target: ahead, status: 'not measured', detail: missing('flask') });
      else
        targets.push({
          target: ahead,
          status: ours.rps > flask.rps ? 'met' : 'not met',
          detail: `${ratio(ours.rps, flask.rps)} × Flask (${ours.rps} vs ${flask.rps} req/s)`,
        });
    }
  }
  // Reads against the driver-only limit: the database round trip alone.
  for (const scenario of ['read-many', 'read-one']) {
    for (const workers of results.settings.settings) {
      const ours = find(rows, scenario, workers, 'ours');
      const limit = find(rows, scenario, workers, 'limit');
      const r = ratio(ours?.rps, limit?.rps);
      targets.push({
        target: `${scenario} (${processes(workers)}): ≥ 0.60 × the driver-only limit's req/s`,
        status: r === null ? 'not measured' : r >= 0.6 ? 'met' : 'not met',
        detail: r === null ? 'missing figures' : `${ours.rps} vs ${limit.rps} req/s (${r}×)`,
      });
    }
  }
  for (const workers of results.settings.settings) {
    const row = rows.find((r) => r.scenario === 'anonymous' && r.workers === workers && r.server === 'ours');
    targets.push({
      target: `anonymous (${processes(workers)}): zero session documents created`,
      status: row?.status !== 'ok' ? 'not measured' : row.sessionsCreated === 0 ? 'met' : 'not met',
      detail: row?.status === 'ok' ? `${row.sessionsCreated} created over ${row.requests} requests` : (row?.reason ?? 'missing'),
    });
  }
  const sizes = results.settings.storeSizes;
  if (sizes.length >= 2) {
    const [first, last] = [sizes[0], sizes.at(-1)];
    const small = find(rows, `store-${first}`, 1, 'ours');
    const large = find(rows, `store-${last}`, 1, 'ours');
    const r = ratio(large?.rps, small?.rps);
    const others = ['baseline', 'limit']
      .map((server) => [server, ratio(find(rows, `store-${last}`, 1, server)?.rps, find(rows, `store-${first}`, 1, server)?.rps)])
      .filter(([, value]) => value !== null)
      .map(([server, value]) => `${server} ${value}×`);
    targets.push({
      target: `store size (MongoDB, issue 14): req/s at ${last.toLocaleString('en')} sessions within 10% of ${first.toLocaleString('en')}`,
      status: r === null ? 'not measured' : r >= 0.9 ? 'met' : 'not met',
      detail: r === null ? 'missing figures' : `${large.rps} vs ${small.rps} req/s (${r}×, measured on ${small.measured})${others.length ? `; same ratio for ${others.join(', ')}` : ''}`,
    });
  }
  if (memory?.error) targets.push({ target: 'memory check', status: 'not measured', detail: memory.error });
  else if (memory) {
    targets.push({
      target: `memory: heap after ${memory.visitors[1].toLocaleString('en')} visitors within 10% of after ${memory.visitors[0].toLocaleString('en')}`,
      status: memory.met ? 'met' : 'not met',
      detail: `${memory.heapUsedMiB[0]} → ${memory.heapUsedMiB[1]} MiB (${memory.growth}×)`,
    });
  }
  const pages = results.samePages;
  if (pages)
    targets.push({
      target: 'same page: the baseline serves the pages the scenarios measure as the app does (headers and HTML, see "Same page")',
      status: pages.every((p) => p.same) ? 'met' : 'not met',
      detail: pages.map((p) => `${p.page} ${p.same ? '✓' : '✗'}`).join('; '),
    });
  return targets;
}

/** Database commands per request, as FerretDB counted them: "find 1 · update 1". */
const ops = (o) => (o ? Object.entries(o).map(([k, v]) => `${k} ${v}`).join(' · ') || '0' : '–');

/** FerretDB's commands, and Redis's for the servers that use it: "redis: hgetall 1 · evalsha 1". */
function allOps(r) {
  if (!r.server.endsWith('-redis')) return ops(r.dbOpsPerRequest);
  const mongo = r.dbOpsPerRequest && Object.keys(r.dbOpsPerRequest).length > 0 ? `${ops(r.dbOpsPerRequest)}; ` : '';
  return `${mongo}redis: ${ops(r.redisOpsPerRequest)}`;
}

const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : typeof v === 'number' ? v.toLocaleString('en', { maximumFractionDigits: digits }) : String(v));

function markdown(results) {
  const { rows, machine, settings: s, notes } = results;
  const lines = [];
  lines.push(`# Benchmark results`, '');
  if (results.settings.quick) lines.push('**Quick mode (BENCH_QUICK=1): a smoke test of the benchmark itself; these figures measure nothing.**', '');
  lines.push(`Run ${results.generatedAt}, ${results.durationSeconds} s in all. Machine: ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; ${machine.python ?? 'no Python'}; ${machine.database}.`, '');
  if (machine.loadAverage) lines.push(`Load average (1, 5, 15 min) at the start: ${machine.loadAverage.start.join(', ')}; at the end: ${machine.loadAverage.end.join(', ')}. The machine is shared: the ratios, measured in the same run with interleaved runs, are more telling than absolute figures.`, '');
  lines.push(`Each figure: median of ${s.runs} interleaved runs of ${s.seconds} s (after a ${s.warmupSeconds} s warm-up), ${s.connections} connections (login: ${s.loginConnections}), load from autocannon on the same machine. "many visitors": each connection its own session cookie; "one visitor": all connections share one cookie. Peak RSS: the server's whole process tree (cluster primary and workers, gunicorn arbiter and workers), sampled every 100 ms.`, '');
  const met = results.targets.filter((t) => t.status === 'met').length;
  lines.push('## Targets', '', `${met} of ${results.targets.length} met. Issue 19's targets (every scenario against the fair baseline and the Flask app, reads against the driver-only limit, memory, store size) and issue 14's store size target, each from this run's figures.`, '', '| target | status | detail |', '|---|---|---|');
  for (const t of results.targets) lines.push(`| ${t.target} | **${t.status}** | ${t.detail} |`);
  lines.push('');
  for (const workers of s.settings) {
    lines.push(`## ${workers === 1 ? 'One process' : `${workers} workers (Node cluster, gunicorn --workers ${workers}, ${workers} limit processes)`}`, '');
    lines.push('| scenario | server | req/s | p50 ms | p99 ms | errors | peak RSS MiB | DB commands / request | note |', '|---|---|---:|---:|---:|---:|---:|---|---|');
    for (const r of rows.filter((row) => row.workers === workers && row.kind !== 'store')) {
      const note =
        r.status !== 'ok' ? `${r.status}: ${r.reason}` : r.kind === 'anonymous' ? `${r.sessionsCreated} sessions created` : r.commands ? `replays ${r.commands}` : '';
      lines.push(`| ${r.title} | ${LABELS[r.server]} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.errors)} | ${fmt(r.peakRssMiB)} | ${r.status === 'ok' ? allOps(r) : '–'} | ${note} |`);
    }
    lines.push('');
  }
  const storeRows = rows.filter((r) => r.kind === 'store');
  if (storeRows.length > 0) {
    lines.push('## Store size (one process)', '', 'The read scenario (GET /secret logged in, many visitors; the limit: findOne by _id) with this many sessions in the collection: filler sessions inserted directly (insertMany, batches of 5,000), the measured sessions created after them (live sessions are the newest rows).', '', '| sessions | server | measured | req/s | p50 ms | p99 ms | errors | DB commands / request | note |', '|---:|---|---|---:|---:|---:|---:|---|---|');
    for (const r of storeRows)
      lines.push(`| ${fmt(r.storeSize, 0)} | ${LABELS[r.server]} | ${r.measured ?? '–'} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(r.errors)} | ${r.status === 'ok' ? ops(r.dbOpsPerRequest) : '–'} | ${r.status === 'ok' ? (r.note ?? '') : `${r.status}: ${r.reason}`} |`);
    lines.push('');
  }
  lines.push('## Ratios (same run)', '', 'The limit is the driver-only limit: the scenario\'s database round trips alone, at the same concurrency. The Redis limit replays the Redis commands our store sent for one request of the scenario (captured with MONITOR), with the same client library, at the same concurrency.', '', '| scenario | processes | ours/baseline req/s | ours/baseline p99 | ours/Flask req/s | ours/limit req/s | baseline/limit req/s | ours on Redis/ours req/s | ours on Redis/Redis limit req/s |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results.ratios) lines.push(`| ${r.scenario} | ${r.workers} | ${fmt(r.oursOverBaselineRps, 2)} | ${fmt(r.oursOverBaselineP99, 2)} | ${fmt(r.oursOverFlaskRps, 2)} | ${fmt(r.oursOverLimitRps, 2)} | ${fmt(r.baselineOverLimitRps, 2)} | ${fmt(r.oursRedisOverOursRps, 2)} | ${fmt(r.oursRedisOverRedisLimitRps, 2)} |`);
  lines.push('');
  if (results.samePages) {
    lines.push('## Same page', '', 'Each measured page fetched from our app and from the baseline in the same state, compared: status, every response header but Date, ETag, Content-Length and the connection ones, the names and attributes of the cookies set, and the HTML once CSRF tokens, session IDs, dates, the stored document\'s JSON and its size are blanked.', '', '| page | same | ours bytes | baseline bytes | differences |', '|---|---|---:|---:|---|');
    for (const p of results.samePages) lines.push(`| ${p.page} | ${p.same ? 'yes' : '**no**'} | ${fmt(p.oursBytes, 0)} | ${fmt(p.baselineBytes, 0)} | ${(p.differences ?? []).join('<br>').replace(/\|/g, '\\|') || '–'} |`);
    lines.push('');
  }
  const login = rows.filter((r) => r.kind === 'login' && r.status === 'ok');
  lines.push('## Login and hashing', '');
  lines.push(`- Hashing: ours ${notes.hashing.ours}; baseline and Flask ${notes.hashing.baselineAndFlask}.`);
  for (const r of login) lines.push(`- ${LABELS[r.server]}, ${r.workers} process(es): ${fmt(r.rps)} logins/s, p99 ${fmt(r.p99, 0)} ms.`);
  lines.push('');
  if (results.memory && !results.memory.error) {
    const m = results.memory;
    lines.push('## Memory check', '', `Our app started in-process (bench/heap-probe.mjs, \`--expose-gc\`), heap measured after a full GC: ${m.heapUsedMiB[0]} MiB after ${m.visitors[0].toLocaleString('en')} distinct visitors, ${m.heapUsedMiB[1]} MiB after ${m.visitors[1].toLocaleString('en')} (${m.growth}×; RSS ${m.rssMiB[0]} → ${m.rssMiB[1]} MiB).`, '');
  }
  if (results.failures?.length) lines.push('## Failures', '', ...results.failures.map((f) => `- ${f}`), '');
  lines.push('## Notes', '');
  lines.push(`- Our app: ${notes.oursMode}. The baseline does the same (trust proxy, Secure \`__Host-sid\` and \`__Host-csrf\` cookies).`);
  lines.push(`- Flask: ${notes.flaskServer}. Flask-Session's TTL index ${notes.flaskTtlIndexRefused ? 'was refused by FerretDB and is turned off in bench/flask/app.py' : notes.flaskTtlIndexRefused === false ? 'was accepted' : 'not tried'}. Flask-Session rewrites a permanent session on every request (its default SESSION_REFRESH_EACH_REQUEST), so its read does a write.`);
  lines.push('- Database: FerretDB 1.24.2 on SQLite with the patches of scripts/ferretdb/: lookups by `_id` use the `_id` index (as shipped, every lookup and update scanned the collection), and update, findAndModify and delete are atomic with respect to each other. Collections are emptied between scenarios. Flask is left out of the store-size scenario (its sessions live in another collection, which would need its own filler).');
  lines.push('- DB commands / request: FerretDB\'s own command counters (its /debug/metrics) over the measured runs, divided by the requests served; background work (expired-session removal, driver heartbeats) is included but negligible.');
  lines.push('- The baseline is a plain Express app serving the same pages (see "Same page" and bench/README.md, "The fair baseline"): the app\'s views, layout, partials, view helpers and catalogue, helmet with the app\'s policy, express-session on connect-mongo and csrf-csrf set up as the app sets them up. What remains between the two is NestJS and the app\'s own code.');
  lines.push('- Ours on Redis: the same build with `SESSION_STORE=redis` on the benchmark\'s own Redis' + (machine.redis ? ` (${machine.redis})` : '') + '; the users (login) stay in MongoDB. Its "DB commands / request" are Redis\'s own counters (INFO commandstats), after FerretDB\'s when it sent any: every command Redis ran, those the store\'s Lua scripts run included (an EVALSHA of the write script runs its EXISTS, HGET, HSET… inside Redis, in one round trip).');
  const captured = rows.filter((r) => r.server === 'limit-redis' && r.commands && r.workers === s.settings[0]);
  if (captured.length > 0) lines.push(`- The Redis limit replays, per request: ${captured.map((r) => `${r.scenario}: ${r.commands}`).join('; ')} (EVALSHA: the store's Lua write script).`);
  lines.push('- Our update is a `findAndModify` that answers with the stored document, which the stored-session panel of the demo pages shows without a second read. The baseline builds the same panel from the session in memory.');
  lines.push('- The limit does only the scenario\'s database round trips (read: findOne; counter: findOne + updateOne) with the MongoDB driver at the same concurrency, no HTTP.', '');
  lines.push(`![throughput and p99 per scenario](${results.output ?? 'latest'}.svg)`, '');
  return lines.join('\n');
}

function svg(results) {
  const groups = [];
  for (const workers of results.settings.settings)
    for (const scenario of [...new Set(results.rows.filter((r) => r.workers === workers).map((r) => r.scenario))]) {
      const bars = SERVERS.map((server) => find(results.rows, scenario, workers, server)).map((r, i) => ({ server: SERVERS[i], row: r }));
      if (bars.some((b) => b.row)) groups.push({ label: `${scenario} ×${workers}`, bars });
    }
  const barW = 11;
  const groupW = SERVERS.length * barW + 14;
  const left = 70;
  const width = left + groups.length * groupW + 20;
  const panelH = 220;
  const top1 = 60;
  const top2 = top1 + panelH + 110;
  const height = top2 + panelH + 110;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">nest-sessions benchmark, ${results.generatedAt.slice(0, 10)} (${results.machine.cpu.split(' × ')[0]} cores; log scales)</text>`);
  SERVERS.forEach((server, i) => {
    out.push(`<rect x="${left + i * 170}" y="34" width="12" height="12" fill="${COLORS[server]}"/><text x="${left + i * 170 + 16}" y="44">${LABELS[server]}</text>`);
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
      const lx = x0 + (SERVERS.length * barW) / 2;
      out.push(`<text transform="translate(${lx},${top + panelH + 8}) rotate(45)" font-size="10">${g.label}</text>`);
    });
    out.push(`<line x1="${left}" x2="${width - 20}" y1="${top + panelH}" y2="${top + panelH}" stroke="#333"/>`);
  };
  panel(top1, 'Throughput (requests per second, median of runs)', 'rps', 'req/s');
  panel(top2, 'p99 latency (ms)', 'p99', 'ms');
  out.push('</svg>');
  return out.join('\n');
}

export function writeReports(results, dir, name = 'latest') {
  results.output = name;
  results.ratios = computeRatios(results.rows);
  results.targets = computeTargets(results);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(dir, `${name}.md`), markdown(results));
  writeFileSync(join(dir, `${name}.svg`), svg(results) + '\n');
}
