import {
  ensureBuilt,
  startApp,
  type AppExit,
  type AppProcess as Child,
} from '../utils/app-process.js';
import { freePort } from '../utils/ferretdb.js';
import { TEST_SECRET } from '../utils/test-app.js';

/**
 * The built app (`node dist/main.js`, see test/utils/app-process.ts) on a
 * port of its own, started and ready to serve: signals, exit codes, crashes
 * and the log are the real ones.
 */
export class AppProcess {
  private constructor(
    readonly port: number,
    private readonly child: Child,
  ) {}

  static async start(
    env: Record<string, string>,
    timeoutMs = 30_000,
  ): Promise<AppProcess> {
    ensureBuilt();
    const port = await freePort();
    const child = startApp({
      NODE_ENV: 'test',
      SESSION_SECRET: TEST_SECRET,
      NO_COLOR: '1',
      PORT: String(port),
      // Load tests make thousands of sessions from 127.0.0.1.
      NEW_SESSIONS_PER_IP: '1000000',
      ...env,
    });
    try {
      await child.waitForOutput('Listening on', timeoutMs);
    } catch (error) {
      await child.dispose();
      throw error;
    }
    return new AppProcess(port, child);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.child.output();
  }

  /** Resolves once the app's output holds `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void> {
    return this.child.waitForOutput(text, timeoutMs);
  }

  get exited(): Promise<AppExit> {
    return this.child.exited;
  }

  get running(): boolean {
    return (
      this.child.child.exitCode === null && this.child.child.signalCode === null
    );
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.child.kill(signal);
  }

  /** Sends `signal`, waits for the exit (SIGKILL after `timeoutMs`) and cleans up. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 20_000,
  ): Promise<AppExit> {
    this.kill(signal);
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      await this.child.dispose();
    }
  }
}
