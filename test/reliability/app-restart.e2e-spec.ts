import { setTimeout as sleep } from 'node:timers/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { csrfTokenOf } from '../utils/forms.js';
import { dropDatabase, uniqueDatabaseUri } from '../utils/test-app.js';
import { AppProcess } from './app-process.js';
import { httpCall, mapLimit, setCookiePair } from './support.js';

const SESSIONS = Number(process.env.RESTART_SESSIONS ?? 1_000);
const WORKERS = 12;
const SLOW_REQUESTS = 5;
const GRACE_MS = 5_000;

interface Created {
  sid: string;
  value: string;
}

/**
 * Fault 3: a deploy restarts the app while visitors are using it. The old
 * process gets SIGTERM with requests in flight, finishes them, closes the
 * database connection and exits 0; the new one serves every session created
 * before, with its data.
 */
describe('Reliability: app restart under load', () => {
  const databaseUri = uniqueDatabaseUri('restart');
  const env = {
    MONGODB_URI: databaseUri,
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
  };
  const apps: AppProcess[] = [];

  afterAll(async () => {
    for (const app of apps) await app.stop('SIGKILL');
    await dropDatabase(databaseUri);
  });

  it(`SIGTERM during load: in-flight requests finish, exit 0, and a new process serves all of ≥${SESSIONS} sessions`, async () => {
    const first = await AppProcess.start(env);
    apps.push(first);

    // One anonymous CSRF token serves every new visitor (it is bound to "anonymous").
    const page = await httpCall(first.base, { path: '/session' });
    const form = (value: string) =>
      new URLSearchParams({
        key: 'note',
        value,
        _csrf: csrfTokenOf(page.text),
      }).toString();
    const headers = {
      cookie: setCookiePair(page, 'csrf')!,
      'content-type': 'application/x-www-form-urlencoded',
    };

    const created: Created[] = [];
    const failures: string[] = [];
    let signalledAt = 0;
    let refused = 0;
    let resetAfterSignal = 0;
    let stopLoad = false;

    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stopLoad; i++) {
        const value = `w${w}-${i}`;
        try {
          const res = await httpCall(first.base, {
            method: 'POST',
            path: '/session',
            headers,
            body: form(value),
            timeoutMs: 20_000,
          });
          const sid = setCookiePair(res, 'sid');
          if (res.status === 303 && sid) created.push({ sid, value });
          else
            failures.push(`${value}: ${res.status} ${res.text.slice(0, 100)}`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (signalledAt && code === 'ECONNREFUSED') {
            refused += 1;
            return; // the old process no longer accepts: as a load balancer would, stop sending
          }
          // A connection still in the listen backlog when the socket closes is
          // reset before the app saw it: no answer, so no session to lose.
          if (signalledAt && code === 'ECONNRESET') resetAfterSignal += 1;
          else failures.push(`${value}: ${code ?? (error as Error).message}`);
        }
      }
    };
    const load = Promise.all(
      Array.from({ length: WORKERS }, (_, w) => worker(w)),
    );

    while (created.length < SESSIONS && failures.length === 0) await sleep(100);

    // Requests certainly in flight: headers and half of the body sent before the signal.
    const slow = Array.from({ length: SLOW_REQUESTS }, (_, i) =>
      startSlowPost(first.base, headers, form(`slow-${i}`)),
    );
    // Written to loopback sockets: the app has them (headers and half a body).
    await Promise.all(slow.map((request) => request.sent));
    await sleep(50);
    signalledAt = Date.now();
    first.kill('SIGTERM');
    // The app is shutting down, the slow requests still open: then they end.
    await first.waitForOutput('finishing open requests', 5_000);
    for (const request of slow) request.finish();
    const slowAnswers = await Promise.all(
      slow.map((request) => request.answer),
    );
    const exit = await first.exited;
    const stoppedInMs = Date.now() - signalledAt;
    stopLoad = true;
    await load;

    expect(failures).toEqual([]);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(stoppedInMs).toBeLessThan(GRACE_MS + 3_000);
    expect(first.output).not.toMatch(/ERROR|Unhandled|at .*\.js:\d+/);
    slowAnswers.forEach((answer, i) => {
      expect(answer.status).toBe(303);
      created.push({ sid: answer.sid!, value: `slow-${i}` });
    });
    expect(created.length).toBeGreaterThanOrEqual(SESSIONS + SLOW_REQUESTS);

    // The new process on the same database serves every session, with its data.
    const second = await AppProcess.start(env);
    apps.push(second);
    const lost = (
      await mapLimit(created, WORKERS, async ({ sid, value }) => {
        const res = await httpCall(second.base, {
          path: '/session',
          headers: { cookie: sid },
        });
        return res.status === 200 && res.text.includes(`<td>${value}</td>`)
          ? undefined
          : value;
      })
    ).filter((value) => value !== undefined);
    process.stderr.write(
      `[reliability] app restart under load: ${created.length} sessions created (${SLOW_REQUESTS} by requests in flight at SIGTERM), old process exited 0 in ${stoppedInMs} ms, ${refused} requests refused and ${resetAfterSignal} reset after the signal, sessions lost: ${lost.length}\n`,
    );
    expect(lost).toEqual([]);
  }, 600_000);

  it('a request still running when SHUTDOWN_GRACE_MS ends does not hold the process', async () => {
    const app = await AppProcess.start({ ...env, SHUTDOWN_GRACE_MS: '1000' });
    apps.push(app);
    const page = await httpCall(app.base, { path: '/session' });
    const stuck = startSlowPost(
      app.base,
      {
        cookie: setCookiePair(page, 'csrf')!,
        'content-type': 'application/x-www-form-urlencoded',
      },
      `key=note&value=stuck&_csrf=${csrfTokenOf(page.text)}`,
    );
    const outcome = stuck.answer.then(
      (res) => `answered ${res.status}`,
      (error: Error) => error.message,
    );
    await stuck.sent;
    await sleep(50);
    const signalledAt = Date.now();
    app.kill('SIGTERM');
    const exit = await app.exited;
    const stoppedInMs = Date.now() - signalledAt;
    expect(await outcome).toBe('socket hang up');
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(stoppedInMs).toBeGreaterThanOrEqual(1_000);
    expect(stoppedInMs).toBeLessThan(4_000);
    expect(app.output).toMatch(/Grace period over/);
  }, 60_000);
});

/** A form post whose body arrives in two halves: in flight until finish() is called. */
function startSlowPost(
  base: string,
  headers: Record<string, string>,
  body: string,
): {
  finish(): void;
  /** Resolves once the headers and half of the body are written. */
  sent: Promise<void>;
  answer: Promise<{ status: number; sid?: string }>;
} {
  const url = new URL(base);
  const bytes = Buffer.from(body);
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; sid?: string }>(
    (resolve, reject) => {
      req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/session',
          headers: { ...headers, 'content-length': String(bytes.length) },
          agent: false,
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              sid: (res.headers['set-cookie'] ?? [])
                .map((line) => line.split(';')[0])
                .find((pair) => pair.startsWith('sid=')),
            }),
          );
        },
      );
      req.on('error', reject);
    },
  );
  const sent = new Promise<void>((resolve) =>
    req.write(bytes.subarray(0, bytes.length >> 1), () => resolve()),
  );
  return {
    finish: () => req.end(bytes.subarray(bytes.length >> 1)),
    sent,
    answer,
  };
}
