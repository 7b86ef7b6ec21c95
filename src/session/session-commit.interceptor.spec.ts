import {
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { defer, lastValueFrom, of } from 'rxjs';
import { FlashService } from '../flash/flash.service.js';
import { SessionCommitInterceptor } from './session-commit.interceptor.js';
import type { RequestSession, SessionService } from './session.service.js';

function sessionWith(
  data: Record<string, unknown>,
  id = 'abc',
): RequestSession {
  const session = { ...data, cookie: { originalMaxAge: null } };
  Object.defineProperty(session, 'id', { value: id });
  return session as unknown as RequestSession;
}

describe('SessionCommitInterceptor', () => {
  const flash = new FlashService();
  let saves: number;
  let failSave: boolean;
  const sessions = {
    save: () => {
      saves++;
      return failSave
        ? Promise.reject(new Error('write failed'))
        : Promise.resolve();
    },
  } as unknown as SessionService;
  const interceptor = new SessionCommitInterceptor(sessions);

  beforeEach(() => {
    saves = 0;
    failSave = false;
  });

  /** Runs the interceptor around a handler that may change the request's session. */
  function run(req: Request, handler: () => void): Promise<unknown> {
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    const next: CallHandler = {
      handle: () =>
        defer(() => {
          handler();
          return of('view model');
        }),
    };
    return lastValueFrom(interceptor.intercept(context, next));
  }

  it('does not write a session the request left unchanged', async () => {
    const req = { session: sessionWith({ count: 1 }) } as Request;
    await expect(run(req, () => undefined)).resolves.toBe('view model');
    expect(saves).toBe(0);
  });

  it('writes a session whose flash messages the page consumed', async () => {
    const current = sessionWith({});
    flash.flash(current, 'Counter reset', 'info');
    const req = { session: current } as Request;
    await run(req, () => flash.getFlashedMessages(current));
    expect(saves).toBe(1);
  });

  it('writes a changed value, a new key and a removed key', async () => {
    for (const change of [
      (s: RequestSession) => (s.count = 2),
      (s: RequestSession) => (s.colour = 'red'),
      (s: RequestSession) => delete s.count,
    ]) {
      const req = { session: sessionWith({ count: 1 }) } as Request;
      await run(req, () => change(req.session));
    }
    expect(saves).toBe(3);
  });

  it('writes a session that became permanent, or got a new ID', async () => {
    const permanent = { session: sessionWith({}) } as Request;
    await run(permanent, () => {
      permanent.session.cookie.originalMaxAge = 60_000;
    });
    const regenerated = { session: sessionWith({}, 'old') } as Request;
    await run(regenerated, () => {
      regenerated.session = sessionWith({}, 'new');
    });
    expect(saves).toBe(2);
  });

  it('answers 503 when the write fails, so no page claims a change that was lost', async () => {
    failSave = true;
    const req = { session: sessionWith({}) } as Request;
    await expect(
      run(req, () => (req.session.count = 1)),
    ).rejects.toBeInstanceOf(ServiceUnavailableException);
  });

  it('leaves a destroyed session alone', async () => {
    const req = { session: sessionWith({ loggedin: true }) } as Request;
    await run(req, () => {
      delete (req as Partial<Request>).session;
    });
    expect(saves).toBe(0);
  });
});
