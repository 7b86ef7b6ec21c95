import { jest } from '@jest/globals';
import type { SessionService, RequestSession } from '@nest-sessions/session';
import type { Request, Response } from 'express';
import expressSession from 'express-session';
import type { LoginMarker } from '../auth/login-marker.js';
import type { FlashService } from '../flash/flash.service.js';
import { TIMEOUT_DEMO_MS, TimeoutDemoService } from './timeout-demo.service.js';

describe('TimeoutDemoService', () => {
  const sessions = {
    cookieName: 'sid',
    cookieOptions: {},
    store: { idleMs: 30 * 60_000, keyOf: () => 'ab'.repeat(32) },
  } as unknown as SessionService;
  const demo = new TimeoutDemoService(
    sessions,
    {} as FlashService,
    {} as LoginMarker,
    () => Date.now(),
  );

  afterEach(() => jest.restoreAllMocks());

  it('runs the demo even when the clock ticks while express-session sets the cookie’s maxAge', () => {
    // express-session's maxAge setter reads Date.now() twice: each read here is a millisecond later.
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now++);
    const session = {
      cookie: new expressSession.Cookie(),
    } as unknown as RequestSession;
    const req = { session, sessionID: 'id' } as unknown as Request;
    const res = { cookie: jest.fn() } as unknown as Response;

    expect(demo.start(req, res)).toMatchObject({ started: true });
    expect(session.cookie.originalMaxAge).toBe(TIMEOUT_DEMO_MS);
    expect(demo.running(session)).toBe(true);

    // express-session's touch at the response sets maxAge again, from originalMaxAge.
    session.cookie.maxAge = session.cookie.originalMaxAge ?? undefined;
    expect(session.cookie.originalMaxAge).toBeLessThan(TIMEOUT_DEMO_MS);
    expect(demo.running(session)).toBe(true);
  });

  it('counts a session by its lifetime, while the demo is available', () => {
    const cookie = new expressSession.Cookie();
    cookie.maxAge = 30 * 60_000;
    const session = { cookie } as unknown as RequestSession;
    expect(demo.running(session)).toBe(false);
    cookie.maxAge = TIMEOUT_DEMO_MS;
    // Its keys cleared (the dictionary's session.clear()), it still ends 20 s after its last request.
    expect(demo.running(session)).toBe(true);
    expect(demo.running(undefined)).toBe(false);

    // An idle timeout shorter than the demo: a permanent session's maxAge is that timeout, not the demo.
    const shortIdle = new TimeoutDemoService(
      { ...sessions, store: { ...sessions.store, idleMs: 10_000 } } as never,
      {} as FlashService,
      {} as LoginMarker,
      () => Date.now(),
    );
    cookie.maxAge = 10_000;
    expect(shortIdle.running(session)).toBe(false);
  });
});
