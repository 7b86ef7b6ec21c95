import type { Request } from 'express';
import type { MongoClient } from 'mongodb';
import { createStore } from './session.module.js';
import type { SessionModuleOptions } from './session-options.js';
import { SessionService, type RequestSession } from './session.service.js';

const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 24 * 3_600_000;

/** A client whose collection is never used: these tests stay away from the database. */
const client = {
  db: () => ({ collection: () => ({}) }),
} as unknown as MongoClient;

const now = 1_000_000_000_000;

function createService(): SessionService {
  const options: SessionModuleOptions = {
    secrets: ['x'.repeat(32)],
    idleMs: IDLE_MS,
    absoluteMs: ABSOLUTE_MS,
    store: { type: 'mongodb', client },
    clock: () => now,
  };
  return new SessionService(options, createStore(options));
}

/** A session shaped like express-session's, in a request whose store generates new empty ones. */
function requestWith(data: Record<string, unknown>, maxAge?: number): Request {
  const req = {} as Request & { session: RequestSession };
  // Like express-session's Session: `id` and the methods are not enumerable own data.
  const make = (
    id: string,
    values: Record<string, unknown>,
  ): RequestSession => {
    const session = {
      ...values,
      cookie: { originalMaxAge: maxAge ?? null, maxAge },
    };
    Object.defineProperties(session, {
      id: { value: id },
      regenerate: {
        value(callback: (error?: unknown) => void) {
          maxAge = undefined;
          req.session = make(`${id}-new`, {});
          callback();
        },
      },
    });
    return session as unknown as RequestSession;
  };
  req.session = make('old', data);
  // express-session's store.generate(): a new, empty session in place of the old one.
  (req as { sessionStore: unknown }).sessionStore = {
    generate(target: Request & { session: RequestSession }) {
      maxAge = undefined;
      target.session = make(`${target.session.id}-new`, {});
    },
  };
  return req;
}

describe('SessionService', () => {
  const sessions = createService();

  describe('regenerate', () => {
    const flashes = [{ category: 'info', message: 'Logged out' }];

    it('carrying flashes only: a new ID and an empty session that still holds the pending flash messages', () => {
      const req = requestWith({
        count: 3,
        loggedin: true,
        user: { id: 'u' },
        flashes,
      });
      sessions.regenerate(req, { carry: ['flashes'] });
      expect(req.session.id).toBe('old-new');
      expect({
        ...req.session,
        cookie: undefined,
        regenerate: undefined,
      }).toEqual({ flashes, cookie: undefined, regenerate: undefined });
    });

    it('carrying all but the login: the visitor keys and flash messages come along, the login does not', () => {
      const req = requestWith({
        count: 3,
        colour: 'blue',
        loggedin: true,
        user: { id: 'u' },
        flashes,
      });
      sessions.regenerate(req, { carry: 'all', except: ['loggedin', 'user'] });
      const current = req.session;
      expect(current.id).toBe('old-new');
      expect(current.count).toBe(3);
      expect(current.colour).toBe('blue');
      expect(current.flashes).toEqual(flashes);
      expect(current.loggedin).toBeUndefined();
      expect(current.user).toBeUndefined();
      // A new session: nothing has stored it, its absolute lifetime starts again.
      expect(sessions.createdAt(current)).toBeUndefined();
    });

    it('keeps a permanent session permanent only when everything is carried', () => {
      const kept = requestWith({}, IDLE_MS);
      sessions.regenerate(kept, { carry: 'all' });
      expect(kept.session.cookie.maxAge).toBe(IDLE_MS);

      const dropped = requestWith({}, IDLE_MS);
      sessions.regenerate(dropped, { carry: ['flashes'] });
      expect(dropped.session.cookie.maxAge).toBeUndefined();
    });
  });

  it('expiresAt: none before the session is stored', () => {
    expect(sessions.expiresAt(requestWith({}).session)).toBeUndefined();
  });

  it('setDeadline: only sooner than the idle timeout, and clearable', () => {
    const current = requestWith({}).session;
    sessions.setDeadline(current, now + 20_000);
    expect(sessions.deadlineOf(current)).toBe(now + 20_000);
    expect(() => sessions.setDeadline(current, now + IDLE_MS)).toThrow(
      RangeError,
    );
    expect(sessions.deadlineOf(current)).toBe(now + 20_000);
    sessions.setDeadline(current, null);
    expect(sessions.deadlineOf(current)).toBeNull();
  });
});
