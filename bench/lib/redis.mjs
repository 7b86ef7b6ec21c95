// The benchmark's own Redis: started with scripts/redis.sh on loopback (the
// project's settings: append-only file, everysec), its data in /tmp, stopped
// and deleted at the end. Also: Redis's own command counters, the session
// keys, and the commands our store sends for one request (MONITOR).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@redis/client';

export function redisServer({ root, port, dataDir }) {
  const script = (command) =>
    execFileSync('bash', [`${root}/scripts/redis.sh`, command], {
      env: { ...process.env, REDIS_PORT: String(port), REDIS_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const url = `redis://127.0.0.1:${port}`;
  let client;
  return {
    url,
    async start() {
      rmSync(dataDir, { recursive: true, force: true });
      script('start');
      client = createClient({ url, RESP: 2 });
      await client.connect();
    },
    stop() {
      try {
        client?.destroy();
      } catch {
        /* already closed */
      }
      client = undefined;
      try {
        script('stop');
      } catch {
        /* not running */
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    /** Everything in it is the benchmark's: emptied between scenarios. */
    flush: () => client.sendCommand(['FLUSHALL']),
    /** Keys matching the pattern: the app's session hashes (`sess:{*`, not the per-user indexes) or the baseline's strings. */
    async countSessions(pattern) {
      let cursor = '0';
      let count = 0;
      do {
        const [next, keys] = await client.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000']);
        cursor = next;
        count += keys.length;
      } while (cursor !== '0');
      return count;
    },
    /**
     * Adds `n` filler sessions in the app's layout (a hash under `sess:{<hex>}`)
     * or the baseline's (connect-redis: a JSON string under its prefix), each
     * expiring in 30 minutes, in batches sent together.
     */
    async fill(n, layout) {
      const now = Date.now();
      const expires = now + 30 * 60_000;
      const cookie = { originalMaxAge: null, expires: null, secure: true, httpOnly: true, path: '/', sameSite: 'lax' };
      for (let done = 0; done < n; ) {
        const batch = Math.min(5000, n - done);
        await Promise.all(
          Array.from({ length: batch }, (_, i) => {
            const id = randomBytes(24).toString('hex');
            if (layout === 'baseline')
              return client.sendCommand(['SET', `baseline-sess:filler-${id}`, JSON.stringify({ cookie, count: i }), 'EX', '1800']);
            const key = `sess:{${id}}`;
            return client
              .sendCommand(['HSET', key, 'cookie', JSON.stringify(cookie), 'd:count', String(i), 'createdAt', String(now), 'lastModified', String(now), 'expires', String(expires)])
              .then(() => client.sendCommand(['PEXPIREAT', key, String(expires)]));
          }),
        );
        done += batch;
      }
    },
    /** Redis's own count of commands served, by name (INFO commandstats), without the benchmark's own. */
    async commands() {
      try {
        const info = await client.sendCommand(['INFO', 'commandstats']);
        const counts = {};
        for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[m[1]] = Number(m[2]);
        // INFO itself, and what measuring asks (SCAN, FLUSHALL) are not the servers'.
        for (const own of ['info', 'scan', 'flushall', 'monitor', 'copy', 'hello', 'ping', 'client|setinfo']) delete counts[own];
        return counts;
      } catch {
        return null;
      }
    },
    /** Copies of a session under new keys, for limit clients that each need their own. */
    async copies(key, n) {
      const keys = [];
      for (let i = 0; i < n; i++) {
        const copy = `sess:{bench-limit-${i}}`;
        await client.sendCommand(['COPY', key, copy, 'REPLACE']);
        keys.push(copy);
      }
      return keys;
    },
  };
}

/**
 * The commands a request sends to Redis, in order, as MONITOR shows them
 * (those a Lua script runs inside Redis left out): `send` makes the request.
 */
export async function captureCommands(url, send) {
  const monitor = createClient({ url, RESP: 2 });
  await monitor.connect();
  const lines = [];
  await monitor.monitor((line) => lines.push(String(line)));
  try {
    await send();
    await sleep(100);
  } finally {
    monitor.destroy();
  }
  return lines.filter((line) => !/^\S+ \[\d+ lua\]/.test(line)).map(monitorArgs);
}

/**
 * The arguments of one MONITOR line: `1700000000.123 [0 127.0.0.1:5555] "HGETALL" "sess:{…}"`.
 * Redis prints printable ASCII as it is and every other byte escaped (`\xe2`),
 * so each argument is rebuilt byte by byte and read as UTF-8.
 */
export function monitorArgs(line) {
  const args = [];
  const body = line.slice(line.indexOf('] ') + 2);
  const escapes = { n: 10, r: 13, t: 9, a: 7, b: 8 };
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '"') continue;
    const bytes = [];
    for (i++; i < body.length && body[i] !== '"'; i++) {
      if (body[i] !== '\\') bytes.push(body.charCodeAt(i));
      else if (body[i + 1] === 'x') {
        bytes.push(parseInt(body.slice(i + 2, i + 4), 16));
        i += 3;
      } else {
        i += 1;
        bytes.push(escapes[body[i]] ?? body.charCodeAt(i));
      }
    }
    args.push(Buffer.from(bytes).toString('utf8'));
  }
  return args;
}
