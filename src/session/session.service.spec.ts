import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import type { Connection } from 'mongoose';
import type { appConfig } from '../config/app.config.js';
import type { sessionConfig } from '../config/session.config.js';
import { FlashService } from '../flash/flash.service.js';
import type { SessionExpiryService } from './session-expiry.service.js';
import { SessionService, type RequestSession } from './session.service.js';

const IDLE_MS = 30 * 60_000;
const ABSOLUTE_MS = 24 * 3_600_000;

/** A client whose collection is never used: these tests stay away from the database. */
const connection = {
  getClient: () => ({ db: () => ({ collection: () => ({}) }) }),
} as unknown as Connection;

function createService(): SessionService {
  const config = {
    secrets: ['x'.repeat(32)],
    cookieName: 'sid',
    secureCookie: false,
    collectionName: 'sessions',
    idleMs: IDLE_MS,
    absoluteMs: ABSOLUTE_MS,
    touchAfterSeconds: 60,
    autoRemove: 'interval',
    autoRemoveIntervalMs: 60_000,
  } as ConfigType<typeof sessionConfig>;
  const app = { trustProxy: false } as ConfigType<typeof appConfig>;
  return new SessionService(
    connection,
    config,
    app,
    {} as SessionExpiryService,
    new FlashService(),
  );
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

    it('without keepData: a new ID and an empty session that still holds the pending flash messages', async () => {
      const req = requestWith({
        count: 3,
        loggedin: true,
        user: { id: 'u' },
        flashes,
        createdAt: 1,
      });
      await sessions.regenerate(req, { keepData: false });
      expect(req.session.id).toBe('old-new');
      expect({
        ...req.session,
        cookie: undefined,
        regenerate: undefined,
      }).toEqual({ flashes, cookie: undefined, regenerate: undefined });
    });

    it('with keepData: the visitor keys and flash messages come along, the login and bookkeeping do not', async () => {
      const req = requestWith({
        count: 3,
        colour: 'blue',
        loggedin: true,
        user: { id: 'u' },
        flashes,
        createdAt: 1,
        lastModified: 2,
      });
      await sessions.regenerate(req, { keepData: true });
      const current = req.session;
      expect(current.id).toBe('old-new');
      expect(current.count).toBe(3);
      expect(current.colour).toBe('blue');
      expect(current.flashes).toEqual(flashes);
      expect(current.loggedin).toBeUndefined();
      expect(current.user).toBeUndefined();
      // A new session: its absolute lifetime starts again.
      expect(current.createdAt).toBeUndefined();
      expect(current.lastModified).toBeUndefined();
    });

    it('keeps a permanent session permanent only with keepData', async () => {
      const kept = requestWith({}, IDLE_MS);
      await sessions.regenerate(kept, { keepData: true });
      expect(kept.session.cookie.maxAge).toBe(IDLE_MS);

      const dropped = requestWith({}, IDLE_MS);
      await sessions.regenerate(dropped, { keepData: false });
      expect(dropped.session.cookie.maxAge).toBeUndefined();
    });
  });

  it('expiresAt: the idle expiry, capped by the absolute lifetime', () => {
    const now = 1_000_000_000_000;
    const fresh = { createdAt: now } as RequestSession;
    expect(sessions.expiresAt(fresh, now).getTime()).toBe(now + IDLE_MS);
    const old = { createdAt: now - ABSOLUTE_MS + 60_000 } as RequestSession;
    expect(sessions.expiresAt(old, now).getTime()).toBe(now + 60_000);
  });
});
