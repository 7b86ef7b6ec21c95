import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

/*
 * Jest loads this file and global-teardown.ts with Node's own loader, not
 * through ts-jest: Node strips the types, so only erasable TypeScript works
 * here (no parameter properties, enums or `override`), and a relative import
 * would need its .ts ending. Hence one file that imports packages only.
 */

/**
 * Gives the run a database and says in one line which, found in this order:
 *
 * 1. MONGODB_URI, when it is set: that server (it must answer a ping).
 * 2. mongodb-memory-server, when its MongoDB binary is already on this machine
 *    (downloaded before, or a system binary named by MONGOMS_SYSTEM_BINARY).
 *    It downloads one only when TEST_MONGODB_DOWNLOAD=true: never in CI,
 *    never behind anyone's back.
 * 3. The project's FerretDB, started by scripts/db.sh on a free port with a
 *    throw-away data folder (built first when its cache has no binary: a few
 *    minutes, once).
 *
 * global-teardown.ts stops what this started. When no database can be had,
 * the run stops with one paragraph saying why and what to do. Each test file
 * works in a database of its own on the server (see test-app.ts).
 */
export default async function globalSetup(
  _global: unknown,
  project?: { displayName?: string | { name: string } },
): Promise<void> {
  // Jest runs this once per project (e2e, e2e-redis…), in one process: the
  // servers of the first run serve them all.
  const started = globalThis as {
    __TEST_DATABASE__?: TestDatabase;
    __TEST_REDIS__?: TestDatabase;
  };
  if (started.__TEST_DATABASE__ && started.__TEST_REDIS__) {
    process.env.MONGODB_URI = started.__TEST_DATABASE__.uri;
    process.env.REDIS_URL = started.__TEST_REDIS__.uri;
    return;
  }
  const database = await startTestDatabase();
  (globalThis as { __TEST_DATABASE__?: TestDatabase }).__TEST_DATABASE__ =
    database;
  process.env.MONGODB_URI = database.uri;
  console.log(`\nTest database: ${database.description}`);
  let redis: TestDatabase;
  try {
    redis = await startTestRedis();
  } catch (error) {
    await database.stop();
    throw error;
  }
  (globalThis as { __TEST_REDIS__?: TestDatabase }).__TEST_REDIS__ = redis;
  process.env.REDIS_URL = redis.uri;
  console.log(`Test Redis: ${redis.description}`);

  const name =
    typeof project?.displayName === 'string'
      ? project.displayName
      : project?.displayName?.name;
  if (name && PROJECTS_WITH_OWN_FERRETDB.has(name))
    await provideFerretDbBinary(database);
}

/** Projects with tests that start, stop and kill a FerretDB of their own (test/utils/ferretdb.ts). */
const PROJECTS_WITH_OWN_FERRETDB = new Set(['e2e', 'reliability']);

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DB_SCRIPT = join(PROJECT_ROOT, 'scripts/db.sh');
const REDIS_SCRIPT = join(PROJECT_ROOT, 'scripts/redis.sh');
const DATABASE = 'nest-sessions';
const GO_HINT =
  'install Go 1.24 or later (https://go.dev/dl/, or `apt-get install golang`) so that scripts/db.sh can build FerretDB once';

interface TestDatabase {
  uri: string;
  /** The line the set-up prints. */
  description: string;
  /** Stops what the set-up started; nothing for a given MONGODB_URI. */
  stop(): Promise<void>;
}

/** A failure worded for the person running the tests: Jest prints its stack, here the message alone. */
function testDatabaseError(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}

async function startTestDatabase(): Promise<TestDatabase> {
  const given = process.env.MONGODB_URI;
  if (given) return useGivenServer(given);

  let memoryProblem =
    'mongodb-memory-server has no MongoDB binary on this machine (and downloads one only when TEST_MONGODB_DOWNLOAD=true)';
  try {
    const memory = await startMemoryServer();
    if (memory) return memory;
  } catch (error) {
    memoryProblem = `mongodb-memory-server could not start MongoDB (${oneLine(error)})`;
    console.log(`\n${memoryProblem}: trying the project's FerretDB`);
  }
  let ferretProblem: string;
  try {
    return await startFerretDb();
  } catch (error) {
    ferretProblem = oneLine(error);
  }
  const fixes = [
    /Go is needed/.test(ferretProblem)
      ? GO_HINT
      : 'make scripts/db.sh work (its message is above: building FerretDB needs the Go module proxy once)',
    'run `TEST_MONGODB_DOWNLOAD=true npm test` on a machine with internet access, so that mongodb-memory-server downloads MongoDB once',
    'set MONGODB_URI to a running server (mongodb://host:port/database)',
  ];
  throw testDatabaseError(
    'The e2e tests need a MongoDB-compatible database, and none could be had: ' +
      `MONGODB_URI is not set; ${memoryProblem}; the project's FerretDB could not be started (${ferretProblem}). ` +
      `Any one of these fixes it: ${fixes.join('; or ')}.`,
  );
}

async function useGivenServer(uri: string): Promise<TestDatabase> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db().command({ ping: 1 });
  } catch (error) {
    throw testDatabaseError(
      `The e2e tests use the database at MONGODB_URI=${maskPassword(uri)}, and it does not answer (${oneLine(error)}). ` +
        'Start that server, or unset MONGODB_URI: the tests then start a database of their own.',
    );
  } finally {
    await client.close();
  }
  return {
    uri,
    description: `the server at MONGODB_URI=${maskPassword(uri)} (given), a database per test file`,
    stop: () => Promise.resolve(),
  };
}

/** A real MongoDB through mongodb-memory-server, if its binary is here (or may be downloaded). */
async function startMemoryServer(): Promise<TestDatabase | undefined> {
  const { DryMongoBinary, MongoMemoryServer } =
    await import('mongodb-memory-server-core');
  const download = /^(1|true|yes)$/i.test(
    process.env.TEST_MONGODB_DOWNLOAD ?? '',
  );
  if (!download) {
    // mongodb-memory-server reads this too: even by mistake, it must not download.
    process.env.MONGOMS_RUNTIME_DOWNLOAD = 'false';
    const binary = await DryMongoBinary.locateBinary(
      await DryMongoBinary.generateOptions(),
    );
    if (!binary) return undefined;
  }
  // It prints a stack trace of its own when MongoDB does not start: the error is reported below instead.
  const warn = console.warn;
  console.warn = () => undefined;
  const server = await MongoMemoryServer.create().finally(() => {
    console.warn = warn;
  });
  const port = server.instanceInfo?.port ?? '?';
  const version = await serverVersion(server.getUri());
  return {
    uri: server.getUri(DATABASE),
    description: `MongoDB ${version} (mongodb-memory-server) on 127.0.0.1:${port}, stopped after the run`,
    stop: async () => {
      await server.stop();
    },
  };
}

async function serverVersion(uri: string): Promise<string> {
  const client = new MongoClient(uri);
  try {
    const info = await client.db().admin().command({ buildInfo: 1 });
    return String(info.version);
  } catch {
    return '(version unknown)';
  } finally {
    await client.close();
  }
}

/**
 * Interrupted (Ctrl-C) or crashed, Jest skips the teardown: a server this run
 * started (its pid in `dataDir/pidFile`) must not outlive it. Kills it and
 * deletes its folder on exit and on SIGINT/SIGTERM; returns what undoes that,
 * for a normal stop.
 */
function killOnExit(dataDir: string, pidFile: string): () => void {
  const killNow = (): void => {
    try {
      const pid = Number(readFileSync(join(dataDir, pidFile), 'utf8'));
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // Not started, or already stopped.
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (): void => {
    killNow();
    process.exit(130);
  };
  process.on('exit', killNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('exit', killNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/**
 * The Redis the store-dependent tests run against: REDIS_URL when it is set
 * (it must answer), else Debian's redis-server through scripts/redis.sh
 * (installed from apt when missing), on a free port with a throw-away
 * folder. Each test app keeps its keys under a prefix of its own.
 */
async function startTestRedis(): Promise<TestDatabase> {
  const given = process.env.REDIS_URL;
  if (given) {
    const { createClient } = await import('@redis/client');
    const client = createClient({
      url: given,
      socket: { connectTimeout: 3_000, reconnectStrategy: false },
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
    } catch (error) {
      throw testDatabaseError(
        `The e2e tests use the Redis at REDIS_URL=${maskPassword(given)}, and it does not answer (${oneLine(error)}). ` +
          'Start that server, or unset REDIS_URL: the tests then start a Redis of their own.',
      );
    } finally {
      client.destroy();
    }
    return {
      uri: given,
      description: `the server at REDIS_URL=${maskPassword(given)} (given), a key prefix per test app, removed after the run`,
      stop: () => removeTestKeys(given),
    };
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'nest-sessions-test-redis-'));
  const env = {
    ...process.env,
    REDIS_PORT: String(port),
    REDIS_DATA_DIR: dataDir,
  };
  const forget = killOnExit(dataDir, 'redis.pid');
  const stop = async (): Promise<void> => {
    forget();
    await runScript(REDIS_SCRIPT, ['stop'], env).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const printed = await runScript(REDIS_SCRIPT, ['start'], env);
    const uri = /^REDIS_URL=(\S+)$/m.exec(printed)?.[1];
    if (!uri) throw new Error('scripts/redis.sh start printed no REDIS_URL');
    return {
      uri,
      description: `redis-server (scripts/redis.sh) on 127.0.0.1:${port}, data in ${dataDir}, stopped and deleted after the run`,
      stop,
    };
  } catch (error) {
    await stop();
    throw testDatabaseError(
      `The e2e tests run every session test on Redis too, and no Redis could be had: REDIS_URL is not set, and scripts/redis.sh could not start one (${oneLine(error)}). ` +
        'Install Redis (`apt-get install redis-server`), or set REDIS_URL to a running server.',
    );
  }
}

/** Deletes what the test apps left in a Redis the run was given (their prefixes: see test/utils/stores.ts). */
async function removeTestKeys(url: string): Promise<void> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    for await (const keys of client.scanIterator({
      MATCH: 'test:*',
      COUNT: 500,
    }))
      if (keys.length > 0) await client.del(keys);
  } catch {
    // A Redis that went away keeps its keys; nothing to report at the end of a run.
  } finally {
    client.destroy();
  }
}

/** The project's FerretDB through scripts/db.sh, on a free port, its data in a temporary folder. */
async function startFerretDb(): Promise<TestDatabase> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'nest-sessions-test-db-'));
  const env = {
    ...process.env,
    FERRETDB_PORT: String(port),
    FERRETDB_DATA_DIR: dataDir,
    FERRETDB_DEBUG_PORT: 'off',
  };

  const forget = killOnExit(dataDir, 'ferretdb.pid');
  const stop = async (): Promise<void> => {
    forget();
    await dbScript(['stop'], env).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };

  let uri: string | undefined;
  try {
    // Builds FerretDB first when needed; its progress lines go to the terminal.
    const printed = await dbScript(['start'], env);
    uri = /^MONGODB_URI=(\S+)$/m.exec(printed)?.[1];
    if (!uri) throw new Error(`scripts/db.sh start printed no MONGODB_URI`);
    process.env.FERRETDB_BIN ??= await ferretDbBinary();
  } catch (error) {
    await stop();
    throw error;
  }
  const binary = process.env.FERRETDB_BIN?.split('/').pop() ?? 'FerretDB';
  return {
    uri,
    description: `FerretDB (${binary}, scripts/db.sh) on 127.0.0.1:${port}, data in ${dataDir}, stopped and deleted after the run`,
    stop,
  };
}

/** The tests that stop and restart a FerretDB of their own need its binary: built here, with its progress shown, not inside a test's time limit. */
async function provideFerretDbBinary(database: TestDatabase): Promise<void> {
  const given = process.env.FERRETDB_BIN;
  if (given && existsSync(given)) return;
  try {
    process.env.FERRETDB_BIN = await ferretDbBinary();
  } catch (error) {
    await database.stop();
    throw testDatabaseError(
      'Some e2e tests stop and restart a FerretDB server of their own (database outages), ' +
        `and its binary could not be had (${oneLine(error)}). ` +
        `To fix it, ${GO_HINT}, or set FERRETDB_BIN to a FerretDB 1.x binary.`,
    );
  }
}

/** scripts/db.sh bin: the binary's path, built first if needed. */
async function ferretDbBinary(): Promise<string> {
  const path = (await dbScript(['bin'], process.env)).trim().split('\n').pop();
  if (!path || !existsSync(path))
    throw new Error(`scripts/db.sh bin printed no binary (${path ?? ''})`);
  return path;
}

/**
 * Runs scripts/db.sh and resolves with what it printed on stdout. Its progress
 * lines ([db] … on stderr) go to the terminal as they come; the last one is
 * the error message when it fails.
 */
function dbScript(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return runScript(DB_SCRIPT, args, env);
}

/** Runs one of the project's scripts (scripts/db.sh, scripts/redis.sh) the same way. */
function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const name = `scripts/${script.split('/').pop() ?? ''}`;
  return new Promise((done, fail) => {
    const child = spawn('bash', [script, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let lastLine = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = chunk.split('\n').filter((line) => line.trim() !== '');
      if (lines.length)
        lastLine = lines[lines.length - 1].replace(/^\[(db|redis)\] /, '');
      // Where the server runs is in the set-up's own line; stopping is no news.
      const progress = chunk.replace(
        /^\[(db|redis)\] (starting FerretDB on|stopped FerretDB|FerretDB is not running|Redis on|stopped redis-server|redis-server is not running).*\n?/gm,
        '',
      );
      if (progress) process.stderr.write(progress);
    });
    child.once('error', fail);
    child.once('close', (code) => {
      if (code === 0) done(stdout);
      else
        fail(
          new Error(
            `${name} ${args.join(' ')} exited with ${code}${lastLine ? `: ${lastLine}` : ''}`,
          ),
        );
    });
  });
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function maskPassword(uri: string): string {
  return uri.replace(
    /^((?:mongodb(?:\+srv)?|rediss?):\/\/[^:/@]*:)[^@]*@/,
    '$1****@',
  );
}

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') done(address.port);
        else fail(new Error('no port assigned'));
      });
    });
  });
}
