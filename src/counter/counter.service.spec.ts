import type { SessionService } from '@nest-sessions/session';
import { CounterService } from './counter.service.js';

describe('CounterService', () => {
  // SessionService.increment as the package does it for a session it never stored.
  const sessions = {
    increment: (session: Record<string, unknown>, key: string, by = 1) => {
      const current = session[key] ?? 0;
      session[key] = Number.isSafeInteger(current)
        ? (current as number) + by
        : by;
      return session[key];
    },
  } as unknown as SessionService;
  const counter = new CounterService(sessions);

  it('starts at 1 and counts up', () => {
    const session = {} as Parameters<CounterService['increment']>[0];
    expect(counter.increment(session)).toBe(1);
    expect(counter.increment(session)).toBe(2);
    expect(session.count).toBe(2);
  });

  it('goes on from a numeric value stored as text through the dictionary page', () => {
    const session = { count: '41' } as unknown as Parameters<
      CounterService['increment']
    >[0];
    expect(counter.increment(session)).toBe(42);
  });

  it('starts again when the stored value is not a count', () => {
    const session = { count: 'many' } as unknown as Parameters<
      CounterService['increment']
    >[0];
    expect(counter.increment(session)).toBe(1);
  });

  it('reset removes the key and says whether there was one', () => {
    const session = { count: 3 } as Parameters<CounterService['reset']>[0];
    expect(counter.reset(session)).toBe(true);
    expect('count' in session).toBe(false);
    expect(counter.reset(session)).toBe(false);
  });
});
