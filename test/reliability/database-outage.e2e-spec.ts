import { DEMO } from '../utils/auth.js';
import { FerretDb } from '../utils/ferretdb.js';
import { AppProcess } from './app-process.js';
import { Browser, countOf, waitUntil } from './support.js';

const VISITORS = 20;
const ANSWER_WITHIN_MS = 3_000;
const RECOVER_WITHIN_MS = 5_000;
const PAGES = ['/', '/session', '/userinfo', '/login', '/no-such-page'];

/**
 * Fault 1: the database stops while the app serves traffic. Every page says
 * so quickly (503, HTML or JSON), /health says down, the process stays up;
 * once the database is back the app serves again by itself, and no session
 * was lost.
 */
describe('Reliability: the database goes down while the app runs', () => {
  let db: FerretDb;
  let app: AppProcess;

  beforeAll(async () => {
    db = await FerretDb.start();
    // A heartbeat every 500 ms (MongoDB's default is 10 s): the driver marks
    // the stopped server unknown in a second instead of ten.
    app = await AppProcess.start({
      MONGODB_URI: `${db.uri('outage')}?heartbeatFrequencyMS=500`,
    });
  });

  afterAll(async () => {
    await app?.stop('SIGTERM');
    await db?.dispose();
  });

  it('answers 503 within 3 s during the outage, recovers within 5 s after, and keeps every session', async () => {
    const base = app.base;
    // Sessions that exist before the outage: visitors with data, one logged in.
    const visitors = Array.from({ length: VISITORS }, () => new Browser());
    for (const [i, visitor] of visitors.entries()) {
      const res = await visitor.submit(base, '/session', '/session', {
        key: 'note',
        value: `visitor-${i}`,
      });
      expect(res.status).toBe(303);
      await visitor.get(base, '/');
    }
    const user = new Browser();
    expect((await user.submit(base, '/login', '/login', DEMO)).status).toBe(
      303,
    );
    const json = new Browser('application/json');
    json.cookies.set('sid', visitors[0].cookies.get('sid')!);

    // Traffic goes on throughout: the outage happens under load.
    let traffic = true;
    const trafficStatuses: number[] = [];
    const background = (async () => {
      for (let i = 0; traffic; i++) {
        const visitor = visitors[i % VISITORS];
        const res = await visitor.get(base, '/').catch(() => undefined);
        trafficStatuses.push(res?.status ?? 0);
      }
    })();
    await waitUntil(
      () => Promise.resolve(trafficStatuses.length >= VISITORS),
      10_000,
      50,
    );

    await db.stop();
    const slowest: string[] = [];
    let worst = 0;
    const timed = async (
      who: Browser,
      path: string,
      check: (status: number, text: string) => void,
    ) => {
      const started = Date.now();
      const res = await who.get(base, path, 10_000);
      const ms = Date.now() - started;
      worst = Math.max(worst, ms);
      if (ms > ANSWER_WITHIN_MS) slowest.push(`${path}: ${ms} ms`);
      check(res.status, res.text);
    };
    // Twice: at once (connections refused), and once the driver's heartbeat
    // has marked the server unknown (operations then wait for a server: a
    // page takes the server selection timeout to answer).
    const phases = [
      () => Promise.resolve(),
      () =>
        waitUntil(
          async () => {
            const started = Date.now();
            await visitors[4].get(base, '/', 10_000);
            return Date.now() - started > 1_000;
          },
          15_000,
          50,
        ).then(() => undefined),
    ];
    for (const phase of phases) {
      await phase();
      const checks: Promise<void>[] = [];
      for (const path of PAGES) {
        for (const who of [visitors[1], user]) {
          checks.push(
            timed(who, path, (status, text) => {
              expect([path, status]).toEqual([path, 503]);
              expect(text).toContain('temporarily unavailable');
              expect(text).toContain('<html');
            }),
          );
        }
        checks.push(
          timed(json, path, (status, text) => {
            expect([path, status]).toEqual([path, 503]);
            expect(JSON.parse(text)).toMatchObject({
              statusCode: 503,
              message: expect.stringContaining('temporarily unavailable'),
            });
          }),
        );
      }
      // A form posted during the outage is refused the same way.
      checks.push(
        (async () => {
          const started = Date.now();
          const refused = await visitors[2].post(
            base,
            '/session',
            { key: 'lost', value: 'x', _csrf: 'any' },
            10_000,
          );
          worst = Math.max(worst, Date.now() - started);
          expect(refused.status).toBe(503);
        })(),
      );
      checks.push(
        timed(new Browser(), '/health', (status, text) => {
          expect(status).toBe(503);
          expect(JSON.parse(text)).toMatchObject({
            status: 'error',
            info: {},
            error: {
              mongo: { status: 'down' },
              sessions: { status: 'down', store: 'mongodb' },
            },
          });
        }),
      );
      // Pages that need no database still work.
      checks.push(
        timed(new Browser(), '/static/css/main.css', (status) =>
          expect(status).toBe(200),
        ),
      );
      await Promise.all(checks);
    }
    expect(slowest).toEqual([]);
    expect(app.running).toBe(true);

    await db.start();
    const restartedAt = Date.now();
    const recoveryMs = await waitUntil(
      async () => (await visitors[3].get(base, '/', 2_000)).status === 200,
      RECOVER_WITHIN_MS,
      100,
    );
    traffic = false;
    await background;

    // Every session from before the outage, with its data.
    for (const [i, visitor] of visitors.entries()) {
      const page = await visitor.get(base, '/session');
      expect([i, page.status]).toEqual([i, 200]);
      expect(page.text).toContain(`<td>visitor-${i}</td>`);
      expect(countOf((await visitor.get(base, '/')).text)).toBeGreaterThan(1);
    }
    const info = await user.get(base, '/userinfo');
    expect(info.status).toBe(200);
    expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
    expect((await new Browser().get(base, '/health')).status).toBe(200);

    expect(app.running).toBe(true);
    // Any other answer fails with what the app logged about it.
    const unexpected = trafficStatuses.filter((s) => s !== 200 && s !== 503);
    expect({
      unexpected,
      logged: unexpected.length > 0 ? errorLines(app.output) : [],
    }).toEqual({ unexpected: [], logged: [] });
    expect(new Set(trafficStatuses.filter((s) => s !== 200))).toEqual(
      new Set([503]),
    );
    expect(app.output).not.toMatch(/unhandled|uncaught|^\s+at /im);
    process.stderr.write(
      `[reliability] database outage: slowest answer ${worst} ms while down; requests succeeded ${recoveryMs} ms after the database was back (${Date.now() - restartedAt} ms incl. checks); ${VISITORS + 1} sessions kept of ${VISITORS + 1}\n`,
    );
  }, 120_000);
});

/** The app's error and warning lines, the last 20. */
function errorLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /\b(ERROR|WARN)\b/.test(line))
    .slice(-20);
}
