import { describeDuration } from './time-left.js';

describe('describeDuration', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [30 * 60_000, '30 min'],
    [(2 * 60 + 5) * 60_000, '2 h 5 min'],
    [24 * 3_600_000, '1 d'],
    [(24 + 3) * 3_600_000, '1 d 3 h'],
    [-5_000, '0 s'],
  ])('%d ms → %s', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
