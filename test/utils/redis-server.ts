import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortOpen } from './ferretdb.js';

/**
 * A redis-server of a test's own (Debian's, as scripts/redis.sh installs
 * it), on 127.0.0.1 only, with persistence on (an append-only file in a
 * temporary folder), so a test can stop, kill and restart it. Killed when
 * the test process exits, whatever happens to the test.
 *
 *   const redis = await RedisServer.start();
 *   redis.url                  // redis://127.0.0.1:<port>
 *   await redis.stop();        // clean stop (SIGTERM): the data is saved
 *   await redis.start();       // same port, same data
 *   await redis.dispose();     // stop and delete the data
 */
const LOOPBACK = '127.0.0.1';
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

const sleep = (ms: number): Promise<void> =>
  new Promise((done) => setTimeout(done, ms));

export interface RedisServerOptions {
  port?: number;
  dataDir?: string;
  /** Extra redis-server options, e.g. ['--cluster-enabled', 'yes']. */
  args?: string[];
}

export class RedisServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly args: string[],
  ) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const port = options.port ?? (await freePort());
    const dataDir =
      options.dataDir ?? mkdtempSync(join(tmpdir(), `redis-test-${port}-`));
    const server = new RedisServer(port, dataDir, options.args ?? []);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://${LOOPBACK}:${this.port}`;
  }

  log(): string {
    try {
      return readFileSync(join(this.dataDir, 'redis.log'), 'utf8').slice(
        -4_000,
      );
    } catch {
      return '';
    }
  }

  async start(): Promise<void> {
    if (this.child) return;
    if (await isPortOpen(this.port))
      throw new Error(`Redis test server: port ${this.port} is already in use`);
    mkdirSync(this.dataDir, { recursive: true });
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        LOOPBACK,
        '--protected-mode',
        'yes',
        '--dir',
        this.dataDir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--logfile',
        join(this.dataDir, 'redis.log'),
        ...this.args,
      ],
      { stdio: 'ignore' },
    );
    running.add(child);
    this.child = child;
    this.exited = new Promise((done) =>
      child.once('exit', () => {
        running.delete(child);
        done();
      }),
    );
    const deadline = Date.now() + 10_000;
    while (!(await isPortOpen(this.port))) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`redis-server did not start: ${this.log()}`);
      await sleep(20);
    }
  }

  /** A clean stop: Redis writes its data and exits. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** A crash. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A server that hangs: connections stay open, nothing answers. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A redis-cli command against this server; its output. */
  cli(...args: string[]): string {
    const result = spawnSync(
      'redis-cli',
      ['-h', LOOPBACK, '-p', String(this.port), ...args],
      { encoding: 'utf8' },
    );
    return result.stdout;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill(signal);
    await this.exited;
  }
}

/** A Redis Cluster of three masters on loopback ports, for a test of its own. */
export class RedisCluster {
  private constructor(readonly nodes: RedisServer[]) {}

  static async start(): Promise<RedisCluster> {
    const nodes: RedisServer[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), `redis-cluster-${port}-`));
      nodes.push(
        await RedisServer.start({
          port,
          dataDir,
          args: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dataDir, 'nodes.conf'),
            '--cluster-node-timeout',
            '5000',
          ],
        }),
      );
    }
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((node) => `${LOOPBACK}:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0)
      throw new Error(
        `redis-cli --cluster create failed: ${create.stdout}${create.stderr}`,
      );
    const deadline = Date.now() + 10_000;
    while (
      !nodes.every((node) =>
        node.cli('cluster', 'info').includes('cluster_state:ok'),
      )
    ) {
      if (Date.now() > deadline)
        throw new Error('the Redis Cluster did not become ready');
      await sleep(50);
    }
    return new RedisCluster(nodes);
  }

  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.dispose()));
  }
}
