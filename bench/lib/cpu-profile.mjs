// Where a V8 CPU profile's time goes, grouped by package or module.
//
// A sample's time belongs to the function on top of the stack (self time).
// Each function is put in a group by the file its code lives in (its URL):
//
//   - a package under node_modules/ (the last one in the path, for nested
//     copies): its name, with a few merges and splits (PACKAGE_GROUPS,
//     NEST_FOLDERS) so that the groups answer "which part of the stack";
//   - the app's build (<app>/dist/<folder>/...): "app: <folder>/", i.e. the
//     src/ folder it was compiled from (src/session -> "app: session/");
//   - the baseline (bench/baseline/): "baseline: server.mjs";
//   - Node's own JavaScript (node:...): NODE_GROUPS ("node: http", ...);
//   - V8 builtins and native functions have no URL (JSON.stringify, HMAC
//     digests, socket writes, RegExp execution...): they are counted with the
//     nearest caller that has one, so JSON.stringify called by the app's
//     session code counts as "app: session/";
//   - V8's pseudo-frames stay apart: "(garbage collector)" and "(program)"
//     (native work outside JavaScript: parsing HTTP, compiling); "(idle)" is
//     the process waiting (for the database, for the client) and is not busy
//     time.
//
// A second view, "on whose behalf", charges Node's own modules to the first
// caller above them that is not Node (an HMAC in node:crypto made for
// express-session counts as express-session; a socket write made by
// express's res.send counts as express). Node code with no such caller (the
// HTTP parser delivering a request, the socket reading the database's
// answer) keeps its node group.

/** Packages merged into one group, or renamed. Anything else: its package name. */
export const PACKAGE_GROUPS = {
  mongodb: 'mongodb driver (mongodb, bson)',
  bson: 'mongodb driver (mongodb, bson)',
  'mongodb-connection-string-url': 'mongodb driver (mongodb, bson)',
  '@mongodb-js/saslprep': 'mongodb driver (mongodb, bson)',
  handlebars: 'handlebars',
  hbs: 'hbs (handlebars glue: files, layout)',
  express: 'express',
  router: 'express router (router)',
  'body-parser': 'body parsing (body-parser, raw-body, qs…)',
  'raw-body': 'body parsing (body-parser, raw-body, qs…)',
  qs: 'body parsing (body-parser, raw-body, qs…)',
  'iconv-lite': 'body parsing (body-parser, raw-body, qs…)',
  'serve-static': 'static files (serve-static, send)',
  send: 'static files (serve-static, send)',
};

/** @nestjs/core and @nestjs/common by folder: which part of Nest's request pipeline. */
export const NEST_FOLDERS = [
  [/^@nestjs\/core\/router\//, 'Nest: router (execution context, params, response)'],
  [/^@nestjs\/core\/interceptors\//, 'Nest: interceptors consumer'],
  [/^@nestjs\/core\/pipes\//, 'Nest: pipes consumer'],
  [/^@nestjs\/core\/guards\//, 'Nest: guards consumer'],
  [/^@nestjs\/core\/exceptions\//, 'Nest: exception handling'],
  [/^@nestjs\/core\/helpers\//, 'Nest: helpers (context creation, metadata)'],
  [/^@nestjs\/core\/injector\//, 'Nest: injector'],
  [/^@nestjs\/core\/middleware\//, 'Nest: middleware module'],
  [/^@nestjs\/core\//, 'Nest: core, other'],
  [/^@nestjs\/common\/pipes\//, 'Nest: ValidationPipe and other pipes'],
  [/^@nestjs\/common\//, 'Nest: common (decorators, exceptions, utils)'],
  [/^@nestjs\/platform-express\//, 'Nest: express adapter'],
  [/^@nestjs\//, 'Nest: other packages'],
];

/** Node's own modules by what they do (matched on the module name after `node:`). */
export const NODE_GROUPS = [
  [/^(_http_|http$|https$|internal\/http)/, 'node: http'],
  [/^(net$|stream$|internal\/stream|internal\/streams\/|internal\/stream_base_commons)/, 'node: net and streams'],
  [/^(crypto$|internal\/crypto\/)/, 'node: crypto'],
  [/^(events$|internal\/events|internal\/process\/task_queues|internal\/async_hooks|async_hooks$|timers$|internal\/timers|internal\/process\/promises)/, 'node: events, timers, async'],
  [/^(buffer$|internal\/buffer)/, 'node: buffer'],
  [/^(url$|internal\/url|querystring$|internal\/querystring)/, 'node: url and querystring'],
  [/^(internal\/modules\/|internal\/fs\/|fs$|path$)/, 'node: modules, fs, path'],
  [/^(util$|internal\/util)/, 'node: util'],
];

const PSEUDO = {
  '(garbage collector)': 'V8: garbage collector',
  '(program)': 'V8: (program), native work outside JavaScript',
  '(idle)': '(idle)',
  '(root)': '(root)',
};
const NO_CALLER = 'native code without a JavaScript caller (microtask queue, callbacks)';

/** The group of a script URL (not of a URL-less native frame). */
export function groupOfUrl(url, { appDirs = [] } = {}) {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (path.startsWith('node:')) {
    const name = path.slice(5);
    for (const [re, group] of NODE_GROUPS) if (re.test(name)) return group;
    return `node: ${name.split('/').slice(0, name.startsWith('internal/') ? 2 : 1).join('/')}`;
  }
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (pkg.startsWith('@nestjs/')) {
      const inner = `${pkg}/${rest.slice(pkg.length + 1).replace(/^dist\//, '')}`;
      for (const [re, group] of NEST_FOLDERS) if (re.test(inner)) return group;
    }
    return PACKAGE_GROUPS[pkg] ?? pkg;
  }
  for (const dir of appDirs) {
    const dist = `${dir.replace(/\/$/, '')}/dist/`;
    if (path.startsWith(dist)) {
      const inner = path.slice(dist.length).split('/');
      return inner.length > 1 ? `app: ${inner[0]}/` : `app: ${inner[0]}`;
    }
  }
  // The session package, a workspace: imported through its symlink, run from its own dist/.
  if (/\/packages\/session\/dist\//.test(path)) return 'app: @nest-sessions/session';
  const baseline = path.match(/\/bench\/baseline\/(.+)$/);
  if (baseline) return `baseline: ${baseline[1]}`;
  const bench = path.match(/\/bench\/(.+)$/);
  if (bench) return `bench: ${bench[1]}`;
  return path;
}

/** A short place for a function: package-relative, dist-relative or the node module. */
function placeOf(url, appDirs) {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) return path.slice(nm + '/node_modules/'.length);
  for (const dir of appDirs) if (path.startsWith(`${dir.replace(/\/$/, '')}/`)) return path.slice(dir.replace(/\/$/, '').length + 1);
  const bench = path.indexOf('/bench/');
  return bench !== -1 ? path.slice(bench + 1) : path;
}

const isNodeGroup = (group) => group.startsWith('node: ');

/**
 * Self time of a profile by group, in both views, and the top functions.
 * `requests`: how many requests the profiled window served (for µs per request).
 */
export function analyseProfile(profile, { requests, appDirs = [] } = {}) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Self time per node: a sample lasts until the next one (the last: the mean interval).
  const self = new Map();
  const { samples, timeDeltas } = profile;
  const span = profile.endTime - profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    const micros = i + 1 < samples.length ? timeDeltas[i + 1] : span / Math.max(1, samples.length);
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, micros));
  }

  const own = new Map();
  const groupOf = (id) => {
    if (own.has(id)) return own.get(id);
    const { callFrame } = nodes.get(id);
    let group;
    if (PSEUDO[callFrame.functionName] && !callFrame.url) group = PSEUDO[callFrame.functionName];
    else if (callFrame.url) group = groupOfUrl(callFrame.url, { appDirs });
    else {
      const up = parent.get(id);
      const inherited = up === undefined ? '(root)' : groupOf(up);
      group = inherited === '(root)' || inherited.startsWith('V8: ') ? NO_CALLER : inherited;
    }
    own.set(id, group);
    return group;
  };
  const behalf = new Map();
  const behalfOf = (id) => {
    if (behalf.has(id)) return behalf.get(id);
    const group = groupOf(id);
    let result = group;
    if (isNodeGroup(group)) {
      for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
        const g = groupOf(up);
        if (g === '(root)' || g === NO_CALLER || g.startsWith('V8: ')) break;
        if (!isNodeGroup(g)) {
          result = g;
          break;
        }
      }
    }
    behalf.set(id, result);
    return result;
  };

  const byGroup = new Map();
  const byBehalf = new Map();
  const byFunction = new Map();
  let idle = 0;
  let total = 0;
  for (const [id, micros] of self) {
    total += micros;
    const group = groupOf(id);
    if (group === '(idle)') {
      idle += micros;
      continue;
    }
    if (group === '(root)') continue;
    byGroup.set(group, (byGroup.get(group) ?? 0) + micros);
    const b = behalfOf(id);
    byBehalf.set(b, (byBehalf.get(b) ?? 0) + micros);
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const name = `${functionName || '(anonymous)'} · ${url ? `${placeOf(url, appDirs)}:${lineNumber + 1}` : `native, in ${group}`}`;
    const entry = byFunction.get(name) ?? { name, group, micros: 0 };
    entry.micros += micros;
    byFunction.set(name, entry);
  }
  const busy = [...byGroup.values()].reduce((a, b) => a + b, 0);
  const perRequest = (micros) => (requests ? Math.round((micros / requests) * 10) / 10 : null);
  const rows = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([group, micros]) => ({ group, ms: Math.round(micros / 100) / 10, usPerRequest: perRequest(micros), share: Math.round((micros / busy) * 1000) / 10 }));
  return {
    profiledMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    samples: samples.length,
    requests,
    cpuUsPerRequest: perRequest(busy),
    groups: rows(byGroup),
    onBehalf: rows(byBehalf),
    functions: [...byFunction.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, 25)
      .map(({ name, group, micros }) => ({ name, group, usPerRequest: perRequest(micros), share: Math.round((micros / busy) * 1000) / 10 })),
  };
}
