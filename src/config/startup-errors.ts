import { DEFAULT_HOST } from './app.config.js';
import { DEFAULT_MONGODB_URI, maskMongoUri } from './database.config.js';
import { ConfigError } from './validate-env.js';

/**
 * The message printed when the app cannot start: one line, no password, no
 * stack trace, with the advice that fits the failure.
 */
export function describeStartupError(
  error: unknown,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return maskPasswords(`Cannot start: ${describe(error, env)}`);
}

/** The fields Node's system errors and the driver's errors carry. */
type ErrorLike = Error & {
  code?: string | number;
  codeName?: string;
  syscall?: string;
  hostname?: string;
  address?: string;
  port?: number;
  cause?: unknown;
  reason?: unknown;
};

function describe(error: unknown, env: NodeJS.ProcessEnv): string {
  if (error instanceof ConfigError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const e = error as ErrorLike;
  const uri = maskMongoUri(env.MONGODB_URI || DEFAULT_MONGODB_URI);

  if (e.syscall === 'listen') return listenProblem(e, env);
  // listen() looks HOST up first: a name that does not resolve fails there.
  if (e.syscall === 'getaddrinfo' && e.hostname === (env.HOST || DEFAULT_HOST))
    return (
      `HOST: cannot listen on ${String(e.hostname)} (no such host name: ${String(e.code)}). ` +
      'Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).'
    );

  const dns = srvLookupFailure(e);
  if (dns)
    return (
      `MONGODB_URI: the DNS lookup of ${dns.host}, which a mongodb+srv:// address needs, failed (${dns.code}). ` +
      'Check the cluster’s host name in MONGODB_URI and this machine’s DNS, or give the hosts in a mongodb:// address.'
    );
  if (isAuthenticationFailure(e))
    return (
      `the database at ${uri} refused the credentials in MONGODB_URI (${oneLine(e.message)}). ` +
      'Check the user name, the password (percent-encoded if it holds @ : / ? # [ ] or %) and authSource.'
    );
  if (
    /^MongoParseError$|^MongoAPIError$|^MongoInvalidArgumentError$/.test(e.name)
  )
    return `MONGODB_URI: ${uri} is not a connection string the driver accepts (${oneLine(e.message)}).`;
  if (/ServerSelection|MongoNetwork|MongoTopologyClosed/.test(e.name)) {
    const advice = isLocal(env.MONGODB_URI || DEFAULT_MONGODB_URI)
      ? 'Start the local one with `npm run dev` (which starts it too) or `npm run db:start`, or set MONGODB_URI to a running server.'
      : 'Check that the server runs and that this machine can reach it (host, port, firewall, TLS), or set MONGODB_URI to another server.';
    return `the database at ${uri} cannot be reached (${oneLine(e.message)}). ${advice}`;
  }
  if (e.name === 'SessionStoreUnavailableError') {
    const variable = env.REDIS_CLUSTER_NODES
      ? 'REDIS_CLUSTER_NODES'
      : 'REDIS_URL';
    return (
      `${variable}: ${oneLine(e.message)}. ` +
      `Start one with \`npm run redis:start\`, set ${variable}, or keep sessions in MongoDB (SESSION_STORE=mongodb).`
    );
  }
  if (/^Mongo/.test(e.name))
    return (
      `the database at ${uri} refused what the app needs at start-up (${e.name}: ${oneLine(e.message)}). ` +
      'The user in MONGODB_URI needs the readWrite role on its database.'
    );
  return `${e.name}: ${oneLine(e.message)}`;
}

function listenProblem(e: ErrorLike, env: NodeJS.ProcessEnv): string {
  const port = typeof e.port === 'number' ? e.port : '?';
  const host =
    typeof e.address === 'string' ? e.address : env.HOST || DEFAULT_HOST;
  switch (e.code) {
    case 'EADDRINUSE':
      return `PORT: cannot listen on port ${port} (already in use). Stop the other process or set PORT to a free port.`;
    case 'EACCES':
      return `PORT: cannot listen on port ${port} (permission denied). Stop the other process or set PORT to a free port.`;
    case 'EADDRNOTAVAIL':
      return (
        `HOST: cannot listen on ${host} (not an address of this machine). ` +
        'Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).'
      );
    default:
      return `cannot listen on ${host}:${port} (${String(e.code)}: ${oneLine(e.message)}).`;
  }
}

/** The error of the SRV or TXT lookup that a mongodb+srv:// address starts with. */
function srvLookupFailure(
  e: ErrorLike,
): { host: string; code: string } | undefined {
  for (const candidate of chain(e)) {
    if (candidate.syscall === 'querySrv' || candidate.syscall === 'queryTxt')
      return {
        host: String(candidate.hostname ?? '?'),
        code: `${candidate.syscall} ${String(candidate.code ?? '')}`.trim(),
      };
  }
  if (
    e.name === 'MongoAPIError' &&
    /No addresses found at host/.test(e.message)
  )
    return { host: 'the cluster’s name', code: 'no SRV records' };
  return undefined;
}

/** Authentication failures: code 18, also when the driver wraps them (server selection, pool errors). */
function isAuthenticationFailure(e: ErrorLike): boolean {
  return chain(e).some(
    (candidate) =>
      candidate.code === 18 ||
      candidate.codeName === 'AuthenticationFailed' ||
      /Authentication failed/i.test(candidate.message),
  );
}

/** The error and the ones it wraps (cause; a server selection error's reason servers). */
function chain(e: ErrorLike): ErrorLike[] {
  const found: ErrorLike[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (!(value instanceof Error) || depth > 4 || found.includes(value)) return;
    const current = value as ErrorLike;
    found.push(current);
    visit(current.cause, depth + 1);
    const servers = (
      current.reason as
        { servers?: Map<string, { error?: unknown }> } | undefined
    )?.servers;
    if (servers instanceof Map)
      for (const server of servers.values()) visit(server.error, depth + 1);
  };
  visit(e, 0);
  return found;
}

/** Whether the URI names only this machine: then the local database is the likely fix. */
function isLocal(uri: string): boolean {
  const hosts = /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri)?.[1];
  if (!hosts) return false;
  return hosts
    .split(',')
    .every((host) =>
      /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i.test(host),
    );
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Driver messages may quote a connection string: never print its password. */
function maskPasswords(text: string): string {
  return text.replace(
    /((?:mongodb(?:\+srv)?|rediss?):\/\/[^:/@\s]*:)[^@\s]*@/g,
    '$1****@',
  );
}
