import type { SessionData } from 'express-session';
import { SessionTooLargeError } from '../src/errors.js';
import { MongoSessionStore } from '../src/mongodb.js';
import type { SessionStore } from '../src/session-store.js';
import { FIXTURES, sha256, TestClock, type StoreFixture } from './fixtures.js';

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

/** Every answer of the test, checked for a second callback once the test is over. */
const answers: Answer<unknown>[] = [];

/** Calls a store method and waits for its callback; a method that never calls back fails the test. */
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
      answers.push(answer);
      resolve(answer);
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
 * README) and the rules the package adds (timeouts, key-by-key writes,
 * digests as keys), against the real databases: every store runs the same
 * tests.
 */
describe.each(FIXTURES.map((make) => [make().name, make] as const))(
  'Session store contract (%s)',
  (_name, make) => {
    const fixture: StoreFixture = make();
    let clock: TestClock;
    let store: SessionStore;
    const rules = () => ({
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
    const loaded = async (sid: string) => (await get(sid)).value!;

    beforeAll(() => fixture.open());
    afterAll(() => fixture.close());

    beforeEach(async () => {
      clock = new TestClock();
      store = fixture.build(rules());
      await store.start();
    });

    afterEach(async () => {
      await store.stop();
      // A store that called back twice would show it by now, the test's
      // every later step included.
      expect(answers.filter((answer) => answer.calls !== 1)).toEqual([]);
    });

    describe('required and recommended methods', () => {
      it('set, then get: the data comes back, each calling back once without error', async () => {
        const sid = newId();
        expect(await set(sid, sessionData({ colour: 'blue' }))).toMatchObject({
          error: null,
          calls: 1,
        });
        const answer = await get(sid);
        expect(answer).toMatchObject({ error: null, calls: 1 });
        expect(answer.value).toMatchObject({ colour: 'blue' });
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

      it('length and all count live sessions only, all emitting `all`; clear empties the store and keeps it usable', async () => {
        await answerOf<void>((cb) => store.clear(cb));
        await set(newId(), sessionData({ n: 1 }));
        await set(newId(), sessionData({ n: 2 }));
        const expiring = newId();
        await set(expiring, sessionData({ n: 3 }));
        await fixture.expire(expiring, clock.now() - 1);
        expect(await length()).toEqual({ error: null, value: 2, calls: 1 });
        const emitted: unknown[] = [];
        store.on('all', (sessions) => emitted.push(sessions));
        const all = await answerOf<SessionData[]>((cb) => store.all(cb));
        const numbers = (all.value as unknown as { n: number }[])
          .map(({ n }) => n)
          .sort();
        expect(numbers).toEqual([1, 2]);
        expect(emitted).toEqual([all.value]);

        await answerOf<void>((cb) => store.clear(cb));
        expect((await length()).value).toBe(0);
        await set(newId(), sessionData({ n: 4 }));
        expect((await length()).value).toBe(1);
      });
    });

    describe('with the database unreachable', () => {
      let unreachable: SessionStore;

      beforeEach(() => {
        unreachable = fixture.unreachable(rules());
      });

      afterEach(async () => {
        await unreachable.stop();
      });

      it.each([
        ['get', (s: SessionStore, cb: (e: unknown) => void) => s.get('x', cb)],
        [
          'set',
          (s: SessionStore, cb: (e: unknown) => void) =>
            s.set('x', sessionData({ a: 1 }), cb),
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

      it('an unreadable record is deleted, with `destroy`', async () => {
        const sid = newId();
        await fixture.seed(sid, {
          data: '{"cookie": {',
          createdAt: clock.now(),
          lastModified: clock.now(),
          expires: clock.now() + IDLE_MS,
        });
        const seen = eventsOf(store);
        expect((await get(sid)).value).toBeNull();
        expect(seen).toEqual(['get', 'destroy']);
        expect((await fixture.holds(sid)).hashed).toBe(false);
      });
    });

    describe('the timeouts are the store’s', () => {
      it('a second save of a new session under the same ID keeps its creation time, and its absolute end', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        const createdAt = (await store.read(sid))!.createdAt.getTime();
        clock.advance(ABSOLUTE_MS - MINUTE);
        await set(sid, sessionData({ a: 2 }));
        const stored = (await store.read(sid))!;
        expect(stored.createdAt.getTime()).toBe(createdAt);
        expect(stored.expires.getTime()).toBe(createdAt + ABSOLUTE_MS);
        expect(stored.data).toMatchObject({ a: 2 });
      });

      it('a session that is used all the time still ends with the absolute lifetime', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        for (let visits = 1; visits < 9; visits += 1) {
          clock.advance(20 * MINUTE);
          const data = await loaded(sid);
          expect(data).toMatchObject({ a: 1 });
          await touch(sid, data);
        }
        clock.advance(20 * MINUTE);
        expect((await get(sid)).value).toBeNull();
      });

      it('a cookie with a maxAge shorter than the idle timeout ends the session sooner, each use giving it that long again', async () => {
        const sid = newId();
        const data = sessionData({ a: 1 }) as unknown as {
          cookie: { originalMaxAge: number };
        };
        data.cookie.originalMaxAge = 20_000;
        await set(sid, data);
        clock.advance(15_000);
        const again = await loaded(sid);
        expect(again).toMatchObject({ a: 1 });
        // Touched although touchAfter is a minute: a tenth of the cookie's life has passed.
        await touch(sid, again);
        clock.advance(15_000);
        expect((await get(sid)).value).toMatchObject({ a: 1 });
        clock.advance(20_001);
        expect((await get(sid)).value).toBeNull();
      });
    });

    describe('writes, key by key', () => {
      it('two requests of one visitor that change different keys at once keep both changes', async () => {
        const sid = newId();
        await set(sid, sessionData({ base: 0 }));
        const [first, second] = await Promise.all([loaded(sid), loaded(sid)]);
        (first as unknown as Record<string, unknown>).colour = 'blue';
        (second as unknown as Record<string, unknown>).size = 'L';
        await Promise.all([set(sid, first), set(sid, second)]);
        expect((await store.read(sid))!.data).toMatchObject({
          base: 0,
          colour: 'blue',
          size: 'L',
        });
      });

      it('20 requests that each add 1 at once count 20', async () => {
        const sid = newId();
        await set(sid, sessionData({ visits: 0 }));
        const copies = await Promise.all(
          Array.from({ length: 20 }, () => loaded(sid)),
        );
        for (const copy of copies) store.increment(copy, 'visits');
        await Promise.all(copies.map((copy) => set(sid, copy)));
        expect((await store.read(sid))!.data.visits).toBe(20);
      });

      it('a removed key is removed, the others kept', async () => {
        const sid = newId();
        await set(sid, sessionData({ gone: 1, kept: 2 }));
        const data = (await loaded(sid)) as unknown as Record<string, unknown>;
        delete data.gone;
        expect(await set(sid, data as unknown as SessionData)).toMatchObject({
          error: null,
        });
        const stored = (await store.read(sid))!.data;
        expect(stored).toMatchObject({ kept: 2 });
        expect(stored).not.toHaveProperty('gone');
      });

      it('a session deleted while a request ran stays deleted when the request saves it', async () => {
        const sid = newId();
        await set(sid, sessionData({ a: 1 }));
        const data = (await loaded(sid)) as unknown as Record<string, unknown>;
        await destroy(sid);
        data.a = 2;
        await set(sid, data as unknown as SessionData);
        expect(await fixture.holds(sid)).toEqual({
          hashed: false,
          unhashed: false,
        });
      });

      it('a save past maxBytes is refused, and the session object is put back as stored', async () => {
        await store.stop();
        store = fixture.build({ ...rules(), maxBytes: 1000 });
        await store.start();
        const sid = newId();
        await set(sid, sessionData({ small: 'x' }));
        const data = (await loaded(sid)) as unknown as Record<string, unknown>;
        data.big = 'y'.repeat(2000);
        const answer = await set(sid, data as unknown as SessionData);
        expect(answer.error).toBeInstanceOf(SessionTooLargeError);
        expect(data).not.toHaveProperty('big');
        expect((await store.read(sid))!.data).not.toHaveProperty('big');
      });
    });

    describe('a user’s sessions', () => {
      beforeEach(async () => {
        await store.stop();
        store = fixture.build({
          ...rules(),
          userIdOf: (data) => (data as { owner?: string }).owner,
        });
        await store.start();
      });

      it('are listed, ended one by one or all but one, and bounded to the most recently used', async () => {
        const owner = `user-${newId()}`;
        const ids = [newId(), newId(), newId(), newId(), newId()];
        for (const sid of ids) {
          await set(sid, sessionData({ owner }));
          clock.advance(1_000);
        }
        await set(newId(), sessionData({ owner: 'someone else' }));
        const keys = async () =>
          (await store.userSessions(owner)).map((row) => row.key).sort();
        expect(await keys()).toEqual(ids.map(sha256).sort());

        // Bounded to 3: the newest two and the one kept (the oldest here).
        expect(await store.trimUserSessions(owner, 3, ids[0])).toBe(2);
        expect(await keys()).toEqual(
          [ids[0], ids[3], ids[4]].map(sha256).sort(),
        );
        expect(await store.trimUserSessions(owner, 3, ids[0])).toBe(0);

        expect(
          await store.destroyUserSession('someone else', sha256(ids[3])),
        ).toBe(false);
        expect(await store.destroyUserSession(owner, sha256(ids[3]))).toBe(
          true,
        );
        expect(await store.destroyOtherUserSessions(owner, ids[4])).toBe(1);
        expect(await keys()).toEqual([sha256(ids[4])]);
        expect((await get(ids[0])).value).toBeNull();
      });

      it('are bounded at a login too, when the session kept is not stored yet: the newest max - 1 others stay', async () => {
        const owner = `user-${newId()}`;
        const ids = [newId(), newId(), newId()];
        for (const sid of ids) {
          await set(sid, sessionData({ owner }));
          clock.advance(1_000);
        }
        const next = newId();
        expect(await store.trimUserSessions(owner, 3, next)).toBe(1);
        expect(
          (await store.userSessions(owner)).map((row) => row.key).sort(),
        ).toEqual([ids[1], ids[2]].map(sha256).sort());
        await set(next, sessionData({ owner }));
        expect(await store.trimUserSessions(owner, 3, next)).toBe(0);
        expect(await store.userSessions(owner)).toHaveLength(3);
      });
    });

    describe('records of another format are no sessions', () => {
      it.each([
        ['without a cookie', { data: { a: 1 } }],
        [
          'without an expiry',
          { data: sessionData({ a: 1 }), expires: undefined },
        ],
        [
          'with a creation time of null',
          { data: sessionData({ a: 1 }), createdAt: null },
        ],
        [
          'with a creation time that is not a time',
          { data: sessionData({ a: 1 }), createdAt: 'garbage' },
        ],
        ['whose data is corrupt JSON', { data: '{"cookie": {' }],
      ])('%s: not served, and deleted', async (_case, raw) => {
        const sid = newId();
        const now = clock.now();
        await fixture.seed(sid, {
          createdAt: now,
          lastModified: now,
          expires: now + IDLE_MS,
          ...(raw as object),
          data: raw.data as Record<string, unknown> | string,
        });
        expect(await get(sid)).toEqual({ error: null, value: null, calls: 1 });
        expect((await fixture.holds(sid)).hashed).toBe(false);
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
        expect(store.keyOf(sid)).toBe(sha256(sid));
      });

      it('a stored key used as a session ID opens nothing, and leaves the session alone', async () => {
        const sid = newId();
        await set(sid, sessionData({ secret: 'mine' }));
        expect((await get(sha256(sid))).value).toBeNull();
        expect((await get(`{${sha256(sid)}}`)).value).toBeNull();
        expect(await loaded(sid)).toMatchObject({ secret: 'mine' });
      });

      it('describe() gives the record as the database lays it out, as this store last read or wrote it', async () => {
        const sid = newId();
        await set(sid, sessionData({ colour: 'blue' }));
        const data = await loaded(sid);
        const described = store.describe(sid, data)!;
        expect(described.key).toBe(sha256(sid));
        expect(JSON.stringify(described.record)).toContain('blue');
        expect(store.describe(newId(), sessionData())).toBeNull();
      });
    });
  },
);

describe('MongoSessionStore', () => {
  it('refuses to be built without a client, naming the option', () => {
    expect(() => new MongoSessionStore({} as never)).toThrow(
      'MongoSessionStore needs `client`',
    );
  });
});
