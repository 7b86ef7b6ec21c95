// Starting, watching and stopping the processes the benchmark owns.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, readdirSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';

const started = new Set();

/** Starts a process in its own process group, output to a log file. */
export function start(name, command, args, { env, cwd, logDir, ipc = false }) {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const proc = { name, child, pid: child.pid, logFile, exited: false, code: null };
  child.on('exit', (code, signal) => {
    proc.exited = true;
    proc.code = code ?? signal;
    started.delete(proc);
  });
  started.add(proc);
  return proc;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`. */
export async function stop(proc, graceMs = 5000) {
  if (!proc || proc.exited) return;
  try {
    process.kill(-proc.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (!proc.exited && Date.now() < deadline) await sleep(50);
  if (!proc.exited) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await sleep(100);
  }
}

export async function stopAll() {
  await Promise.all([...started].map((proc) => stop(proc)));
}

/** Synchronous last resort (process 'exit' handler): kill every group we started. */
export function killAllNow() {
  for (const proc of started) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export function tail(proc, lines = 20) {
  try {
    return readFileSync(proc.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The pid and all its descendants (read from /proc). */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift();
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function statusKiB(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Sum of a /proc status field (VmRSS, VmHWM) over processes, in MiB. */
export function memoryMiB(pids, field = 'VmRSS') {
  return pids.reduce((sum, pid) => sum + statusKiB(pid, field), 0) / 1024;
}

/** Samples the summed RSS of the given process trees until stopped; returns the peak in MiB. */
export function rssSampler(rootPids, intervalMs = 100) {
  const pids = rootPids.flatMap((pid) => processTree(pid));
  let peak = memoryMiB(pids);
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryMiB(pids));
  }, intervalMs);
  return {
    pids,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, memoryMiB(pids));
      return Math.round(peak * 10) / 10;
    },
  };
}
