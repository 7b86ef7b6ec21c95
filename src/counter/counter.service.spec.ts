import { CounterService } from './counter.service.js';

describe('CounterService', () => {
  const counter = new CounterService();

  it('starts at 1 and counts up', () => {
    const session: { count?: number } = {};
    expect(counter.increment(session)).toBe(1);
    expect(counter.increment(session)).toBe(2);
    expect(session.count).toBe(2);
  });

  it('goes on from a numeric value stored as text through the dictionary page', () => {
    const session = { count: '41' as unknown as number };
    expect(counter.increment(session)).toBe(42);
  });

  it('starts again when the stored value is not a count', () => {
    const session = { count: 'many' as unknown as number };
    expect(counter.increment(session)).toBe(1);
  });

  it('reset removes the key and says whether there was one', () => {
    const session: { count?: number } = { count: 3 };
    expect(counter.reset(session)).toBe(true);
    expect('count' in session).toBe(false);
    expect(counter.reset(session)).toBe(false);
  });
});
