import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO } from '../utils/auth.js';
import { FerretDb } from '../utils/ferretdb.js';
import { csrfTokenOf } from '../utils/forms.js';
import { AppProcess } from './app-process.js';
import { Browser, countOf, waitUntil, type HttpAnswer } from './support.js';

/** Every answer during the stall, 503 included, comes within this. */
export const ANSWER_WITHIN_MS = 3_500;
/** After the thaw, a page is served again within this. */
export const RECOVER_WITHIN_MS = 1_000;

const PAGES = ['/', '/session', '/userinfo', '/login', '/no-such-page'];
const VISITORS = 5;

/**
 * The database stalls without closing anything (`kill -STOP`: a hung host, a
 * frozen VM, a disk that stops answering) for `stallMs`, while the app runs.
 * Its connections stay open and the kernel still takes in requests, so
 * nothing fails by itself: every page, form and JSON client must still get
 * a 503 within ANSWER_WITHIN_MS, round after round for as long as the stall
 * lasts, never a 500 and never an error logged with a stack. Once the
 * database goes on, the app serves again within RECOVER_WITHIN_MS, with
 * every session and login from before the stall as it was.
 */
export function describeFrozenDatabase(stallMs: number): void {
  describe(`Reliability: the database stalls for ${stallMs / 1000} s (SIGSTOP) while the app runs`, () => {
    let db: FerretDb;
    let app: AppProcess;

    beforeAll(async () => {
      db = await FerretDb.start();
      // The app's own settings: no driver options in the URI.
      app = await AppProcess.start({ MONGODB_URI: db.uri('frozen') });
    });

    afterAll(async () => {
      db?.thaw();
      await app?.stop('SIGTERM');
      await db?.dispose();
    });

    it(
      `answers 503 within ${ANSWER_WITHIN_MS} ms on every route while it lasts, then serves within ${RECOVER_WITHIN_MS} ms with every session and login kept`,
      async () => {
        const base = app.base;

        // Before the stall: sessions with data, one logged-in user, forms loaded.
        const visitors = Array.from({ length: VISITORS }, () => new Browser());
        const reader = new Browser();
        const poster = new Browser();
        const prober = new Browser();
        const counts = new Map<Browser, number>();
        for (const [i, who] of [
          ...visitors,
          reader,
          poster,
          prober,
        ].entries()) {
          const saved = await who.submit(base, '/session', '/session', {
            key: 'note',
            value: `visitor-${i}`,
          });
          expect(saved.status).toBe(303);
          counts.set(who, countOf((await who.get(base, '/')).text));
        }
        const noteOf = (who: Browser): string =>
          `visitor-${[...visitors, reader, poster, prober].indexOf(who)}`;
        const user = new Browser();
        expect((await user.submit(base, '/login', '/login', DEMO)).status).toBe(
          303,
        );
        const json = new Browser('application/json');
        json.cookies.set('sid', reader.cookies.get('sid')!);
        const rightLogin = new Browser();
        const rightToken = csrfTokenOf(
          (await rightLogin.get(base, '/login')).text,
        );
        const wrongLogin = new Browser();
        const wrongToken = csrfTokenOf(
          (await wrongLogin.get(base, '/login')).text,
        );
        const posterToken = csrfTokenOf(
          (await poster.get(base, '/session')).text,
        );

        const requests: [string, () => Promise<HttpAnswer>][] = [
          ...PAGES.flatMap((path): [string, () => Promise<HttpAnswer>][] => [
            [`GET ${path} (visitor)`, () => reader.get(base, path, 60_000)],
            [`GET ${path} (logged in)`, () => user.get(base, path, 60_000)],
            [`GET ${path} (JSON)`, () => json.get(base, path, 60_000)],
          ]),
          [
            'POST /login (right password)',
            () =>
              rightLogin.post(
                base,
                '/login',
                { ...DEMO, _csrf: rightToken },
                60_000,
              ),
          ],
          [
            'POST /login (wrong password)',
            () =>
              wrongLogin.post(
                base,
                '/login',
                {
                  email: DEMO.email,
                  password: 'not-the-password',
                  _csrf: wrongToken,
                },
                60_000,
              ),
          ],
          [
            'POST /session',
            () =>
              poster.post(
                base,
                '/session',
                { key: 'lost', value: 'x', _csrf: posterToken },
                60_000,
              ),
          ],
        ];

        const logFrom = app.output.length;
        db.freeze();
        const frozenAt = Date.now();
        // The stall lasts its full length, whatever the app does meanwhile.
        const thawed = sleep(stallMs).then(() => db.thaw());
        const problems: string[] = [];
        let rounds = 0;
        let slowest = 0;
        const traffic = (async () => {
          // Round after round, each started only while the stall outlasts it.
          while (Date.now() - frozenAt + ANSWER_WITHIN_MS < stallMs) {
            const at = Date.now() - frozenAt;
            rounds++;
            await Promise.all(
              requests.map(async ([label, send]) => {
                const started = Date.now();
                const res = await send().catch((error: Error) => ({
                  status: 0,
                  text: error.message,
                }));
                const ms = Date.now() - started;
                slowest = Math.max(slowest, ms);
                const expected = label.endsWith('(JSON)')
                  ? isJson503(res.text)
                  : res.text.includes('temporarily unavailable');
                if (res.status !== 503 || !expected || ms > ANSWER_WITHIN_MS)
                  problems.push(
                    `${label} at ${(at / 1000).toFixed(1)} s: ${res.status} in ${ms} ms`,
                  );
              }),
            );
          }
        })();
        await thawed;

        // Served again: a page that reads its session.
        const recoveryMs = await waitUntil(
          async () => (await prober.get(base, '/', 5_000)).status === 200,
          RECOVER_WITHIN_MS,
          25,
        ).catch((error: Error) => error.message);
        await traffic;

        // The measures, whatever the outcome.
        process.stderr.write(
          `[reliability] database stalled ${stallMs / 1000} s: ${rounds} rounds of ${requests.length} requests, slowest answer ${slowest} ms; served again ${typeof recoveryMs === 'number' ? `${recoveryMs} ms after the thaw` : `not within ${RECOVER_WITHIN_MS} ms of the thaw`}\n`,
        );

        expect(problems).toEqual([]);
        expect(rounds).toBeGreaterThan(0);
        expect(recoveryMs).toEqual(expect.any(Number));
        // A 503 is logged as a warning, without a stack; nothing at error level.
        expect(
          app.output
            .slice(logFrom)
            .split('\n')
            .filter((line) => /\bERROR\b|^\s+at /.test(line))
            .slice(0, 20),
        ).toEqual([]);

        // Every session from before the stall, with its data; nothing the
        // refused requests asked for was done.
        for (const who of [...visitors, reader, poster, prober]) {
          const page = await who.get(base, '/session');
          expect([noteOf(who), page.status]).toEqual([noteOf(who), 200]);
          expect(page.text).toContain(`<td>${noteOf(who)}</td>`);
          expect(page.text).not.toContain('<td>lost</td>');
        }
        for (const who of visitors) {
          const count = countOf((await who.get(base, '/')).text);
          expect([noteOf(who), count]).toEqual([
            noteOf(who),
            counts.get(who)! + 1,
          ]);
        }
        const info = await user.get(base, '/userinfo');
        expect(info.status).toBe(200);
        expect(info.text).toContain(`data-testid="email">${DEMO.email}<`);
        expect(app.running).toBe(true);
      },
      stallMs + 60_000,
    );
  });
}

function isJson503(text: string): boolean {
  try {
    const body = JSON.parse(text) as {
      statusCode?: unknown;
      message?: unknown;
    };
    return (
      body.statusCode === 503 &&
      typeof body.message === 'string' &&
      body.message.includes('temporarily unavailable')
    );
  } catch {
    return false;
  }
}
