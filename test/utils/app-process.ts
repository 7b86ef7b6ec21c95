import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { PROJECT_ROOT } from '../../src/project-root.js';
import { join } from 'node:path';

/**
 * The built app (`node dist/main.js`) as a child process, for what only the
 * real binary shows: exit codes, start-up messages, signal handling.
 */

export const MAIN_JS = join(PROJECT_ROOT, 'dist', 'main.js');

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app unless dist/ is newer than every source file (.ci/run builds
 * before testing; a developer's stale dist/ would otherwise test old code).
 */
export function ensureBuilt(): void {
  if (
    existsSync(MAIN_JS) &&
    statSync(MAIN_JS).mtimeMs >= newestMtime(join(PROJECT_ROOT, 'src'))
  )
    return;
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (result.status !== 0 || !existsSync(MAIN_JS)) {
    throw new Error(
      `npm run build failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

export interface AppProcess {
  child: ChildProcess;
  /** stdout and stderr so far, without colour codes. */
  output(): string;
  stdout(): string;
  stderr(): string;
  exited: Promise<AppExit>;
  /** Resolves when the output contains `text`; rejects on exit or timeout. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** Kills the process if it still runs and removes its working folder. */
  dispose(): Promise<void>;
}

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g');

/**
 * Starts `node dist/main.js` with only the given environment (plus PATH), in an
 * empty working folder, so no .env or development secret file of the
 * developer's leaks in.
 */
export function startApp(env: Record<string, string>): AppProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'nest-sessions-app-'));
  const started = Date.now();
  const child = spawn(process.execPath, [MAIN_JS], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    listeners.forEach((listener) => listener());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    listeners.forEach((listener) => listener());
  });
  let running = true;
  const exited = new Promise<AppExit>((done) => {
    child.once('close', (code, signal) => {
      running = false;
      listeners.forEach((listener) => listener());
      done({ code, signal, ms: Date.now() - started });
    });
  });
  const output = (): string => (stdout + stderr).replace(ANSI, '');

  return {
    child,
    output,
    stdout: () => stdout.replace(ANSI, ''),
    stderr: () => stderr.replace(ANSI, ''),
    exited,
    waitForOutput: (text, timeoutMs = 20_000) =>
      new Promise<void>((done, fail) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          fail(
            new Error(
              `no "${text}" within ${timeoutMs} ms; output:\n${output()}`,
            ),
          );
        }, timeoutMs);
        const check = (): void => {
          if (output().includes(text)) {
            clearTimeout(timer);
            listeners.delete(check);
            done();
          } else if (!running) {
            clearTimeout(timer);
            listeners.delete(check);
            fail(new Error(`exited before "${text}"; output:\n${output()}`));
          }
        };
        listeners.add(check);
        check();
      }),
    dispose: async () => {
      if (running) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
