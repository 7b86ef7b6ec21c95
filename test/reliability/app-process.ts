import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET } from '../utils/test-app.js';
import { httpCall, sleep } from './support.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN_JS = join(PROJECT_ROOT, 'dist', 'main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built app (`node dist/main.js`) as a process of its own, as it runs in
 * production: signals, exit codes, crashes and its log are the real ones.
 */
export class AppProcess {
  /** Everything the process wrote, stdout and stderr interleaved. */
  output = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  private constructor(
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [MAIN_JS], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        SESSION_SECRET: TEST_SECRET,
        NO_COLOR: '1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts `node dist/main.js` and waits until it answers. */
  static async start(
    env: Record<string, string>,
    timeoutMs = 20_000,
  ): Promise<AppProcess> {
    if (!existsSync(MAIN_JS))
      throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
    const app = new AppProcess(await freePort(), env);
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (!app.running)
        throw new Error(`the app exited at start:\n${app.output}`);
      const up = await httpCall(app.base, { path: '/health', timeoutMs: 1_000 })
        .then((res) => res.status === 200)
        .catch(() => false);
      if (up) return app;
      await sleep(100);
    }
    app.kill('SIGKILL');
    throw new Error(
      `the app did not answer within ${timeoutMs} ms:\n${app.output}`,
    );
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 20_000,
  ): Promise<Exit> {
    this.kill(signal);
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
