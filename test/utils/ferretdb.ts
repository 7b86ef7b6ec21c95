import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { join } from 'node:path';

/**
 * A FerretDB server of a test's own, separate from the suite's database, so a
 * test can stop, kill and restart it (database outages, restarts with data kept).
 * It uses the binary that scripts/db.sh builds (building it first if needed),
 * listens on 127.0.0.1 only, keeps its data in a temporary folder, and is
 * killed when the test process exits, whatever happens to the test.
 *
 *   const db = await FerretDb.start({ port: 27213 });
 *   const uri = db.uri('mydb');
 *   await db.stop();      // clean stop (SIGTERM), data kept
 *   await db.start();     // same port, same data
 *   await db.kill();      // crash (SIGKILL)
 *   db.freeze();          // stalls (SIGSTOP): connections stay open, nothing answers
 *   db.thaw();            // goes on (SIGCONT) where it stopped
 *   await db.dispose();   // stop and delete the data
 */

const LOOPBACK = '127.0.0.1';

export interface FerretDbOptions {
  /** The port to listen on (127.0.0.1); a free one when not given. */
  port?: number;
  /** Where the SQLite files go; a new temporary folder, deleted by dispose(), when not given. */
  dataDir?: string;
  /** How long start() waits for the port to accept connections. */
  startTimeoutMs?: number;
  /** More command-line flags (e.g. authentication with a set-up user). */
  args?: string[];
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A server left running by a crashed or interrupted test would hold its port. */
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

let binaryPath: string | undefined;

/** The FerretDB binary: FERRETDB_BIN, or the one scripts/db.sh builds into its cache. */
export function ferretDbBinary(): string {
  if (binaryPath) return binaryPath;
  const given = process.env.FERRETDB_BIN;
  if (given) {
    if (!existsSync(given))
      throw new Error(`FERRETDB_BIN=${given} does not exist`);
    return (binaryPath = given);
  }
  // Building takes a few minutes the first time; later calls only print the path.
  const result = spawnSync(
    'bash',
    [join(PROJECT_ROOT, 'scripts/db.sh'), 'bin'],
    {
      encoding: 'utf8',
      timeout: 15 * 60_000,
    },
  );
  const path = result.stdout?.trim().split('\n').pop();
  if (result.status !== 0 || !path || !existsSync(path)) {
    throw new Error(
      `Cannot get the FerretDB binary through scripts/db.sh bin (status ${result.status}): ${result.stderr}`,
    );
  }
  return (binaryPath = path);
}

/** Resolves whether something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: LOOPBACK, port });
    const finish = (open: boolean): void => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') done(address.port);
        else fail(new Error('no port assigned'));
      });
    });
  });
}

export class FerretDb {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private frozen = false;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private readonly startTimeoutMs: number,
    private readonly args: readonly string[] = [],
  ) {}

  /** Starts a new server and waits until it accepts connections. */
  static async start(options: FerretDbOptions = {}): Promise<FerretDb> {
    const port = options.port ?? (await freePort());
    const dataDir =
      options.dataDir ?? mkdtempSync(join(tmpdir(), `ferretdb-test-${port}-`));
    const server = new FerretDb(
      port,
      dataDir,
      options.dataDir === undefined,
      options.startTimeoutMs ?? 15_000,
      options.args,
    );
    try {
      await server.start();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  /** A connection string for a database on this server. */
  uri(database = 'nest-sessions'): string {
    return `mongodb://${LOOPBACK}:${this.port}/${database}`;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  /**
   * Stalls the server (SIGSTOP), as a hung host or a long GC pause would: its
   * port stays open and the kernel still accepts connections and takes in
   * requests, but nothing answers until thaw().
   */
  freeze(): void {
    if (!this.child) throw new Error('FerretDB test server: not running');
    if (!this.child.kill('SIGSTOP'))
      throw new Error('FerretDB test server: SIGSTOP failed');
    this.frozen = true;
  }

  /** Lets a frozen server go on (SIGCONT) where it stopped. */
  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.child?.kill('SIGCONT');
  }

  get logFile(): string {
    return join(this.dataDir, 'ferretdb.log');
  }

  /** The server's log so far (for failure messages). */
  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-4_000);
    } catch {
      return '';
    }
  }

  /** Starts the server (again, with the same data) and waits for its port. */
  async start(): Promise<void> {
    if (this.child) return;
    if (await isPortOpen(this.port)) {
      throw new Error(
        `FerretDB test server: port ${this.port} is already in use`,
      );
    }
    mkdirSync(this.dataDir, { recursive: true });
    const out = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        ferretDbBinary(),
        [
          '--handler=sqlite',
          `--sqlite-url=file:${this.dataDir}/`,
          `--listen-addr=${LOOPBACK}:${this.port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          `--state-dir=${this.dataDir}`,
          '--log-level=warn',
          ...this.args,
        ],
        {
          env: { ...process.env, DO_NOT_TRACK: '1' },
          stdio: ['ignore', out, out],
        },
      );
    } finally {
      closeSync(out);
    }
    killAllOnExit();
    running.add(child);
    this.child = child;
    this.exited = new Promise((done) => {
      child.once('exit', () => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        done();
      });
      child.once('error', () => {
        running.delete(child);
        if (this.child === child) this.child = undefined;
        done();
      });
    });

    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) {
        throw new Error(
          `FerretDB test server on port ${this.port} exited at start. Its log:\n${this.log()}`,
        );
      }
      if (await isPortOpen(this.port)) return;
      await sleep(50);
    }
    await this.kill();
    throw new Error(
      `FerretDB test server did not accept connections on port ${this.port} within ${this.startTimeoutMs} ms. Its log:\n${this.log()}`,
    );
  }

  /** Stops the server cleanly (SIGTERM), killing it if it takes longer than timeoutMs. */
  async stop(timeoutMs = 5_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    // A stopped process only acts on SIGTERM once it runs again.
    this.thaw();
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      this.exited!.then(() => true),
      new Promise<false>((done) => {
        timer = setTimeout(() => done(false), timeoutMs);
      }),
    ]);
    // A pending timer would keep Jest waiting after the last test.
    clearTimeout(timer);
    if (!stopped) {
      child.kill('SIGKILL');
      await this.exited;
    }
    await this.waitForPortClosed();
  }

  /** Kills the server without warning (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    this.frozen = false;
    await this.exited;
    await this.waitForPortClosed();
  }

  /** Stops and starts again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and deletes the data folder it created. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir)
      rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitForPortClosed(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!(await isPortOpen(this.port, 200))) return;
      await sleep(50);
    }
    throw new Error(
      `FerretDB test server: port ${this.port} still open after stopping`,
    );
  }
}
