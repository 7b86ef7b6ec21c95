#!/usr/bin/env node
// `npm run dev`: the app in watch mode (nest start --watch) with a database.
// It builds the session package first (packages/session: the app imports its build).
//
// - MONGODB_URI set (in the environment or in .env): the app uses it, nothing else starts.
// - Otherwise the project's FerretDB (scripts/db.sh start: built once, a few minutes,
//   the first time) on its default port, 127.0.0.1:27017 (FERRETDB_PORT to change it),
//   and the app gets its MONGODB_URI without any export.
//
// The database stops when `npm run dev` stops (Ctrl-C) if this script started it; one
// that was already running (`npm run db:start`) is left running. Its data stays in .data/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DB_SCRIPT = join(ROOT, 'scripts/db.sh');
const NEST = join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
const say = (line) => console.log(`[dev] ${line}`);

/** MONGODB_URI from the environment, else from .env (which the app reads too). */
function givenUri() {
  if (process.env.MONGODB_URI)
    return { uri: process.env.MONGODB_URI, from: 'the environment' };
  const file = join(ROOT, '.env');
  if (!existsSync(file)) return undefined;
  const uri = parseEnv(readFileSync(file, 'utf8')).MONGODB_URI;
  return uri ? { uri, from: '.env' } : undefined;
}

function portAnswers(port) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (open) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Starts the project's FerretDB unless it runs; resolves with its URI and whether this script started it. */
async function localDatabase() {
  const port = Number(process.env.FERRETDB_PORT || 27017);
  const running =
    spawnSync('bash', [DB_SCRIPT, 'status'], { stdio: 'ignore' }).status === 0;
  if (!running && (await portAnswers(port))) {
    say(
      `something other than the project's FerretDB already listens on 127.0.0.1:${port}: using it. ` +
        'Set MONGODB_URI, or FERRETDB_PORT for another port, to choose.',
    );
    return { uri: `mongodb://127.0.0.1:${port}/nest-sessions`, started: false };
  }
  if (!running)
    say(
      `MONGODB_URI is not set: starting the project's database (FerretDB, scripts/db.sh) on 127.0.0.1:${port}`,
    );
  // Its progress lines (building FerretDB the first time) go straight to the terminal.
  const result = spawnSync('bash', [DB_SCRIPT, 'start'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const uri = /^MONGODB_URI=(\S+)$/m.exec(result.stdout ?? '')?.[1];
  if (result.status !== 0 || !uri) {
    say(
      'the local database did not start (its message is above). ' +
        'Fix that, or set MONGODB_URI to a running MongoDB-compatible server and run `npm run dev` again.',
    );
    process.exit(1);
  }
  return { uri, started: !running };
}

function stopDatabase() {
  spawnSync('bash', [DB_SCRIPT, 'stop'], { stdio: 'inherit' });
}

/** The app imports the session package by name, from its build (packages/session/dist): built first. */
function buildSessionPackage() {
  const result = spawnSync('npm', ['run', '--silent', 'build:session'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    say(
      'building the session package (`npm run build:session`) failed: its errors are above.',
    );
    process.exit(1);
  }
}

async function main() {
  buildSessionPackage();
  const env = { ...process.env };
  let started = false;
  const given = givenUri();
  if (given) {
    say(`using MONGODB_URI from ${given.from}`);
  } else {
    const local = await localDatabase();
    started = local.started;
    env.MONGODB_URI = local.uri;
    say(
      `MONGODB_URI=${local.uri} for the app; the database ${started ? 'stops when you stop `npm run dev`' : 'was already running and stays so (`npm run db:stop` stops it)'}`,
    );
  }

  // --preserveWatchOutput: the lines above stay on the screen when the watcher recompiles.
  const child = spawn(
    process.execPath,
    [NEST, 'start', '--watch', '--preserveWatchOutput'],
    {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    },
  );
  // Ctrl-C reaches the watcher and the app as well (same terminal): wait for them to end,
  // then clean up. A signal sent to this process alone is passed on after a moment.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null)
          child.kill(signal);
      }, 1_000).unref();
    });
  }
  child.once('exit', (code, signal) => {
    if (started) stopDatabase();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

await main();
