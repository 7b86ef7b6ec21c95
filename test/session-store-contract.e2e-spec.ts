import type { SessionData } from 'express-session';
import type { SessionStore } from '../src/session/stores/session-store.js';
import { TestClock } from './utils/clock.js';
import {
  SESSION_STORES,
  STORE_FIXTURES,
  STORE_NAMES,
  type StoreFixture,
} from './utils/store-fixtures.js';

const MINUTE = 60_000;
const IDLE_MS = 30 * MINUTE;
const ABSOLUTE_MS = 3 * 60 * MINUTE;
const TOUCH_AFTER_MS = MINUTE;

/** What a callback-style store method answered, and how many times it called back. */
interface Answer<T> {
  error: unknown;
  value: T | undefined;
  calls: number;
}

/**
 * Calls a store method and waits for its callback, then a little longer to
 * catch a second call. A method that never calls back fails the test.
 */
function answerOf<T>(
  invoke: (callback: (error: unknown, value?: T) => void) => void,
): Promise<Answer<T>> {
  return new Promise((resolve, reject) => {
    let answer: Answer<T> | undefined;
    const never = setTimeout(
      () => reject(new Error('the store never called back')),
      10_000,
    );
    invoke((error, value) => {
      if (answer) {
        answer.calls += 1;
        return;
      }
      clearTimeout(never);
      answer = { error, value, calls: 1 };
      setTimeout(() => resolve(answer!), 50);
    });
  });
}

/** A session's data as express-session passes it to a store. */
function sessionData(values: Record<string, unknown> = {}): SessionData {
  return {
    cookie: {
      originalMaxAge: null,
      path: '/',
      httpOnly: true,
      secure: false,
      sameSite: 'lax',
    },
    ...values,
  } as unknown as SessionData;
}

/** Records every event the store emits. */
function eventsOf(store: SessionStore): string[] {
  const seen: string[] = [];
  for (const name of ['get', 'create', 'update', 'set', 'touch', 'destroy'])
    store.on(name, () => seen.push(name));
  return seen;
}

let counter = 0;
const newId = () => `contract-${Date.now()}-${++counter}-abcdefghijklmnop`;

/**
 * express-session's store contract ("Session Store Implementation" in its
 * README), and what users of the store each one takes over from
 * (connect-mongo, connect-redis) rely on, checked against the real database.
 * Every store the app can use runs the same tests.
 */
describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'Session store contract (%s)',
  (_name, kind) => {
    const fixture: StoreFixture = STORE_FIXTURES[kind]();
    let clock: TestClock;
    let store: SessionStore;
    const settings = () => ({
      idleMs: IDLE_MS,
      absoluteMs: ABSOLUTE_MS,
      touchAfterMs: TOUCH_AFTER_MS,
      clock: () => clock.now(),
    });

    const get = (sid: string) =>
      answerOf<SessionData | null>((cb) => store.get(sid, cb));
    const set = (sid: string, data: SessionData) =>
      answerOf<void>((cb) => store.set(sid, data, cb));
    const touch = (sid: string, data: SessionData) =>
      answerOf<void>((cb) => store.touch(sid, data, cb));
    const destroy = (sid: string) =>
      answerOf<void>((cb) => store.destroy(sid, cb));
    const length = () => answerOf<number>((cb) => store.length(cb));

    beforeAll(async () => {
      await fixture.open();
    });

    beforeEach(async () => {
      clock = new TestClock();
      store = fixture.build(settings());
      await store.start();
    });

    afterEach(async () => {
      await store.stop();
    });

    afterAll(async () => {
      await fixture.close();
    });

    describe('required and recommended methods', () => {
      it('set, then get: the data comes back, each calling back once without error', async () => {
        const sid = newId();
        const saved = await set(sid, sessionData({ colour: 'blue' }));
        expect(saved).toMatchObject({ error: null, calls: 1 });
        const loaded = await get(sid);
        expect(loaded).toMatchObject({ error: null, calls: 1 });
        expect(loaded.value).toMatchObject({ colour: 'blue' });
      });

      it('get of an unknown ID answers (null, null)', async () => {
        expect(await get(newId())).toEqual({
          error: null,
          value: null,
          calls: 1,
        });
      });

      it('get of an expired ID answers (null, null) and deletes it', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        clock.advance(IDLE_MS + 1);
        expect(await get(sid)).toEqual({ error: null, value: null, calls: 1 });
        expect(await fixture.holds(sid)).toEqual({
          hashed: false,
          unhashed: false,
        });
      });

      it('destroy removes a session; destroy of an unknown ID is not an error', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        expect(await destroy(sid)).toMatchObject({ error: null, calls: 1 });
        expect((await get(sid)).value).toBeNull();
        expect(await destroy(newId())).toMatchObject({ error: null, calls: 1 });
      });

      it('touch moves the expiry, but not again within touchAfter', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        const expiresOf = async () =>
          (await store.read(sid))!.expires.getTime();
        const first = await expiresOf();

        clock.advance(TOUCH_AFTER_MS - 1_000);
        expect(await touch(sid, sessionData({ a: 1 }))).toMatchObject({
          error: null,
          calls: 1,
        });
        expect(await expiresOf()).toBe(first);

        clock.advance(2_000);
        await touch(sid, sessionData({ a: 1 }));
        expect(await expiresOf()).toBeGreaterThanOrEqual(
          first + TOUCH_AFTER_MS,
        );
      });

      it('length and all count live sessions only; clear empties the store and keeps it usable', async () => {
        expect(await answerOf<void>((cb) => store.clear(cb))).toMatchObject({
          error: null,
          calls: 1,
        });
        await set(newId(), sessionData({ n: 1 }));
        await set(newId(), sessionData({ n: 2 }));
        const expiring = newId();
        await set(expiring, sessionData({ n: 3 }));
        await fixture.expire(expiring, clock.now() - 1);
        expect(await length()).toEqual({ error: null, value: 2, calls: 1 });
        const all = await answerOf<
          SessionData[] | Record<string, SessionData> | null
        >((cb) => store.all(cb));
        expect(all.calls).toBe(1);
        expect(
          (all.value as unknown as { n: number }[]).map(({ n }) => n).sort(),
        ).toEqual([1, 2]);

        await answerOf<void>((cb) => store.clear(cb));
        expect((await length()).value).toBe(0);
        await set(newId(), sessionData({ n: 4 }));
        expect((await length()).value).toBe(1);
      });
    });

    describe('with the database unreachable', () => {
      let unreachable: SessionStore;

      beforeEach(() => {
        unreachable = fixture.unreachable(settings());
      });

      afterEach(async () => {
        await unreachable.stop();
      });

      it.each([
        ['get', (s: SessionStore, cb: (e: unknown) => void) => s.get('x', cb)],
        [
          'set',
          (s: SessionStore, cb: (e: unknown) => void) =>
            s.set('x', sessionData(), cb),
        ],
        [
          'touch',
          (s: SessionStore, cb: (e: unknown) => void) =>
            s.touch('x', sessionData(), cb),
        ],
        [
          'destroy',
          (s: SessionStore, cb: (e: unknown) => void) => s.destroy('x', cb),
        ],
        ['length', (s: SessionStore, cb: (e: unknown) => void) => s.length(cb)],
        ['all', (s: SessionStore, cb: (e: unknown) => void) => s.all(cb)],
        ['clear', (s: SessionStore, cb: (e: unknown) => void) => s.clear(cb)],
      ])('%s calls back once, with the error', async (_method, invoke) => {
        const answer = await answerOf((cb) => invoke(unreachable, cb));
        expect(answer.calls).toBe(1);
        expect(answer.error).toBeInstanceOf(Error);
      });
    });

    describe('events, once each', () => {
      it('get on every load; create then set for a new session; update then set for a second save; touch; destroy', async () => {
        const seen = eventsOf(store);
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        expect(seen).toEqual(['create', 'set']);
        await set(sid, sessionData({ a: 2 }));
        expect(seen).toEqual(['create', 'set', 'update', 'set']);
        seen.length = 0;
        await get(sid);
        await get(newId());
        expect(seen).toEqual(['get', 'get']);
        seen.length = 0;
        clock.advance(TOUCH_AFTER_MS + 1);
        await touch(sid, sessionData({ a: 2 }));
        await destroy(sid);
        expect(seen).toEqual(['touch', 'destroy']);
      });

      it('touch of an unknown ID emits nothing', async () => {
        const seen = eventsOf(store);
        await touch(newId(), sessionData());
        expect(seen).toEqual([]);
      });
    });

    describe('the creation time, from which the absolute lifetime counts', () => {
      it('a second save of a new session under the same ID keeps its creation time', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        const createdAt = (await store.read(sid))!.createdAt.getTime();
        clock.advance(5 * MINUTE);
        await set(sid, sessionData({ a: 2 }));
        const stored = (await store.read(sid))!;
        expect(stored.createdAt.getTime()).toBe(createdAt);
        expect(stored.expires.getTime()).toBeLessThanOrEqual(
          createdAt + ABSOLUTE_MS,
        );
        expect(stored.data).toMatchObject({ a: 2 });
      });

      it('a session without a stored creation time counts from its lastModified, stored at once', async () => {
        const sid = newId();
        const lastModified = clock.now() - 2 * MINUTE;
        await fixture.seed(sid, {
          data: sessionData({ a: 1 }),
          expires: clock.now() + IDLE_MS,
          lastModified,
        });
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        expect(await fixture.storedCreatedAt(sid)).toBe(lastModified);
      });

      it('a session that is only ever read is still ended by the absolute lifetime', async () => {
        const sid = newId();
        await fixture.seed(sid, {
          data: sessionData({ a: 1 }),
          expires: clock.now() + 10 * ABSOLUTE_MS,
        });
        // The first read stores "now" as its creation time. Each request of
        // a visitor who only reads is a get and a touch, as express-session does.
        const before = clock.now();
        const loaded = (await get(sid)).value!;
        expect(loaded).toMatchObject({ a: 1 });
        const createdAt = await fixture.storedCreatedAt(sid);
        expect(createdAt).toBeGreaterThanOrEqual(before);
        expect(createdAt).toBeLessThanOrEqual(clock.now());
        for (let visits = 1; visits < 9; visits += 1) {
          clock.advance(20 * MINUTE);
          expect((await get(sid)).value).toMatchObject({ a: 1 });
          await touch(sid, loaded);
        }
        clock.advance(20 * MINUTE);
        expect((await get(sid)).value).toBeNull();
      });
    });

    describe('data the store did not write itself', () => {
      it('a session without a cookie is served with one, and saved', async () => {
        const sid = newId();
        await fixture.seed(sid, {
          data: { a: 1 },
          expires: clock.now() + IDLE_MS,
          createdAt: clock.now(),
        });
        const loaded = (await get(sid)).value as unknown as Record<
          string,
          unknown
        >;
        expect(loaded).toMatchObject({ a: 1, cookie: { path: '/' } });
        expect(
          await set(sid, { ...loaded, a: 2 } as unknown as SessionData),
        ).toMatchObject({ error: null });
        expect((await get(sid)).value).toMatchObject({ a: 2 });
      });

      it('a session without expires is served until its timeouts end it', async () => {
        const sid = newId();
        await fixture.seed(sid, {
          data: sessionData({ a: 1 }),
          createdAt: clock.now(),
          lastModified: clock.now(),
        });
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        clock.advance(IDLE_MS + 1);
        expect((await get(sid)).value).toBeNull();
      });

      it('a creation time stored as an ISO string is read as a time', async () => {
        const sid = newId();
        const now = clock.now();
        await fixture.seed(sid, {
          data: sessionData({ a: 1 }),
          createdAt: new Date(now).toISOString(),
          expires: now + IDLE_MS,
        });
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        await set(sid, sessionData({ a: 2 }));
        const stored = (await store.read(sid))!;
        expect(stored.createdAt.getTime()).toBe(now);
        expect(stored.expires.getTime()).toBeGreaterThan(now);
        expect(stored.expires.getTime()).toBeLessThanOrEqual(
          clock.now() + IDLE_MS,
        );
      });

      it('a session whose data is corrupt JSON is no session, and is deleted', async () => {
        const sid = newId();
        await fixture.seed(sid, {
          data: '{"cookie": {',
          expires: clock.now() + IDLE_MS,
        });
        expect(await get(sid)).toEqual({ error: null, value: null, calls: 1 });
        expect((await fixture.holds(sid)).hashed).toBe(false);
      });
    });

    describe(`sessions written by ${fixture.peerName} with its default options`, () => {
      it('are read, then updated in this store’s format under the ID’s digest', async () => {
        const sid = newId();
        await fixture.peerSet(sid, sessionData({ colour: 'blue' }));
        expect(await fixture.peerHolds(sid)).toBe(true);

        const loaded = (await get(sid)).value as unknown as Record<
          string,
          unknown
        >;
        expect(loaded).toMatchObject({ colour: 'blue' });
        await set(sid, { ...loaded, size: 'L' } as unknown as SessionData);
        expect(await fixture.holds(sid)).toEqual({
          hashed: true,
          unhashed: false,
        });
        expect((await store.read(sid))!.data).toMatchObject({
          colour: 'blue',
          size: 'L',
        });
      });

      it('expire by the idle timeout', async () => {
        const sid = newId();
        await fixture.peerSet(sid, sessionData({ a: 1 }));
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        clock.advance(IDLE_MS + 1);
        expect((await get(sid)).value).toBeNull();
      });

      it('expire by the absolute lifetime, counted from the first time this store saw them', async () => {
        const sid = newId();
        await fixture.peerSet(sid, sessionData({ a: 1 }));
        // The peer wrote it 20 minutes before this store first reads it.
        clock.advance(20 * MINUTE);
        const loaded = (await get(sid)).value!;
        // A visit every 20 minutes (a get and a touch): never idle. The last
        // one is 180 minutes after the peer's write: still alive.
        for (let visits = 1; visits < 9; visits += 1) {
          clock.advance(20 * MINUTE);
          expect((await get(sid)).value).toMatchObject({ a: 1 });
          await touch(sid, loaded);
        }
        clock.advance(19 * MINUTE);
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        // 181 minutes after the first read.
        clock.advance(2 * MINUTE);
        expect((await get(sid)).value).toBeNull();
      });

      it('are ended by destroy', async () => {
        const sid = newId();
        await fixture.peerSet(sid, sessionData({ a: 1 }));
        await destroy(sid);
        expect(await fixture.holds(sid)).toEqual({
          hashed: false,
          unhashed: false,
        });
      });
    });

    describe('what the database holds', () => {
      it('never the session ID itself: sessions are keyed by its SHA-256', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        expect(await fixture.holds(sid)).toEqual({
          hashed: true,
          unhashed: false,
        });
        expect(await fixture.dump()).not.toContain(sid);
      });
    });
  },
);
