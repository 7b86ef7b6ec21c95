import {
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { defer, lastValueFrom, of } from 'rxjs';
import { SessionCommitInterceptor } from './session-commit.interceptor.js';
import type { SessionService } from './session.service.js';

describe('SessionCommitInterceptor', () => {
  let events: string[];
  let failCommit: boolean;
  const sessions = {
    commit: () => {
      events.push('commit');
      return failCommit
        ? Promise.reject(new ServiceUnavailableException('not saved'))
        : Promise.resolve();
    },
  } as unknown as SessionService;
  const interceptor = new SessionCommitInterceptor(sessions);

  beforeEach(() => {
    events = [];
    failCommit = false;
  });

  function run(type: string): Promise<unknown> {
    const context = {
      getType: () => type,
      switchToHttp: () => ({ getRequest: () => ({}) as Request }),
    } as unknown as ExecutionContext;
    const next: CallHandler = {
      handle: () =>
        defer(() => {
          events.push('handler');
          return of('view model');
        }),
    };
    return lastValueFrom(interceptor.intercept(context, next));
  }

  it('commits the session after the handler, before the result goes on', async () => {
    await expect(run('http')).resolves.toBe('view model');
    expect(events).toEqual(['handler', 'commit']);
  });

  it('lets a failed commit through as the response (503), not the result', async () => {
    failCommit = true;
    await expect(run('http')).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
  });

  it('leaves other contexts alone', async () => {
    await expect(run('rpc')).resolves.toBe('view model');
    expect(events).toEqual(['handler']);
  });
});
