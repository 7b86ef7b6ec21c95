import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { csrfTokenOf } from '../utils/forms.js';
import { TestClock } from '../utils/clock.js';
import { createTestApp, useTestApp } from '../utils/test-app.js';
import {
  httpCall,
  mapLimit,
  sessionCount,
  setCookiePair,
  waitUntil,
} from './support.js';

const FLOOD = Number(process.env.FLOOD_REQUESTS ?? 10_000);
const IN_FLIGHT = 16;
/** The longest value a visitor may store: 10,000 of them kept in the process would weigh over 10 MB. */
const VALUE = 'v'.repeat(1_000);
const IDLE_MINUTES = 0.1;
/**
 * What the heap may grow by across a flood once garbage is collected. Held
 * per-session state (10,000 × ≥1 kB) would exceed it; the driver's pools,
 * compiled code and caches warmed by the first requests stay below.
 */
const HEAP_MARGIN_MB = 6;

const gc = (globalThis as { gc?: () => void }).gc;

/** heapUsed after the process settled: with --expose-gc (npm run test:reliability), after full collections. */
async function settledHeapMb(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await sleep(50);
    gc?.();
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Fault 7: floods. Anonymous traffic must not create session documents
 * (saveUninitialized: false, CSRF tokens bound to "anonymous"); many
 * visitors create one document each and no state in the process; their
 * documents go once they expire.
 */
describe('Reliability: resource limits', () => {
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  // Declared first, so it runs before the app closes.
  afterAll(() => {
    agent.destroy();
  });

  const t = useTestApp({
    env: {
      SESSION_IDLE_MINUTES: String(IDLE_MINUTES),
      SESSION_AUTOREMOVE: 'interval',
      // Nothing is removed during the floods, so the count can be checked; a
      // second instance removes expired sessions afterwards.
      SESSION_AUTOREMOVE_INTERVAL_SECONDS: '3600',
      // 10,000 visitors from one address: the per-address bound on new
      // sessions (test/session-floods.e2e-spec.ts) is not what is measured.
      NEW_SESSIONS_PER_IP: '1000000',
      // The test counts the 10,000 documents of 1 kB through this app's
      // connection: FerretDB (SQLite) takes 0.3 s for it on an idle machine,
      // over the default 1 s right after a flood on a busy one. A count of the
      // whole collection is the test's, not the app's (which never counts).
      MONGODB_SOCKET_TIMEOUT_MS: '30000',
    },
  });

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
  });

  it(`${FLOOD} anonymous requests create no session document`, async () => {
    const paths = [
      '/session',
      '/health',
      '/static/css/main.css',
      '/no-such-page',
    ];
    const statuses = await mapLimit(
      Array.from({ length: FLOOD }, (_, i) => i),
      IN_FLIGHT,
      async (i) => {
        const post = i % 5 === 4;
        const res = await httpCall(base, {
          agent,
          method: post ? 'POST' : 'GET',
          path: post ? '/session' : paths[i % paths.length],
          headers: post
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {},
          body: post ? 'key=a&value=b' : undefined,
        });
        if (setCookiePair(res, 'sid'))
          throw new Error(`${i}: a session cookie for an anonymous request`);
        return res.status;
      },
    );
    expect(new Set(statuses)).toEqual(new Set([200, 403, 404]));
    expect(await sessionCount(t.connection)).toBe(0);
  }, 600_000);

  it(`${FLOOD} visitors who each set a key create ${FLOOD} documents, no state in the process, and go once expired`, async () => {
    // One anonymous CSRF token serves every new visitor: it is bound to "anonymous".
    const page = await httpCall(base, { path: '/session' });
    const csrfCookie = setCookiePair(page, 'csrf')!;
    const body = new URLSearchParams({
      key: 'note',
      value: VALUE,
      _csrf: csrfTokenOf(page.text),
    }).toString();
    const visit = (i: number) =>
      httpCall(base, {
        agent,
        method: 'POST',
        path: '/session',
        headers: {
          cookie: csrfCookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      }).then((res) => {
        if (res.status !== 303 || !setCookiePair(res, 'sid'))
          throw new Error(`visitor ${i}: ${res.status} without a session`);
      });

    // Warm up (compiled code, pools, caches), then measure the level before the flood.
    await mapLimit([...Array(300).keys()], IN_FLIGHT, visit);
    await t.connection.collection('sessions').deleteMany({});
    const before = await settledHeapMb();

    const started = Date.now();
    await mapLimit([...Array(FLOOD).keys()], IN_FLIGHT, visit);
    const floodMs = Date.now() - started;
    expect(await sessionCount(t.connection)).toBe(FLOOD);

    const after = await settledHeapMb();
    process.stderr.write(
      `[reliability] ${FLOOD} visitors in ${(floodMs / 1000).toFixed(1)} s: ${FLOOD} documents; heap ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after (${gc ? 'after gc' : 'no --expose-gc, after a settle'})\n`,
    );
    expect(after - before).toBeLessThan(
      gc ? HEAP_MARGIN_MB : 4 * HEAP_MARGIN_MB,
    );

    // Expired sessions go: a second instance, whose clock is past their
    // expiry, sweeps them with its removal every second.
    const clock = new TestClock();
    clock.advance(
      Math.max(0, started + floodMs + IDLE_MINUTES * 60_000 - Date.now()) + 1,
    );
    const sweeper = await createTestApp({
      databaseUri: t.databaseUri,
      clock,
      env: {
        SESSION_IDLE_MINUTES: String(IDLE_MINUTES),
        SESSION_AUTOREMOVE: 'interval',
        SESSION_AUTOREMOVE_INTERVAL_SECONDS: '1',
      },
    });
    try {
      const sweptIn = await waitUntil(
        async () => (await sessionCount(t.connection)) === 0,
        90_000,
        500,
      );
      process.stderr.write(
        `[reliability] expired sessions removed ${(sweptIn / 1000).toFixed(1)} s after the sweeper started\n`,
      );
    } finally {
      await sweeper.close();
    }
  }, 600_000);
});
