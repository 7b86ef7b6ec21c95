import { translateMessage } from '../i18n/i18n.service.js';
import { describeDuration } from './time-left.js';

describe('describeDuration', () => {
  it.each([
    [0, '0 s', '0 s'],
    [45_000, '45 s', '45 s'],
    [30 * 60_000, '30 min', '30 min'],
    [(2 * 60 + 5) * 60_000, '2 h 5 min', '2 h 5 min'],
    [2 * 3_600_000, '2 h', '2 h'],
    [24 * 3_600_000, '1 d', '1 j'],
    [(2 * 24 + 5) * 3_600_000, '2 d 5 h', '2 j 5 h'],
    [-5_000, '0 s', '0 s'],
  ])('%d ms → %s (French: %s)', (ms, english, french) => {
    expect(translateMessage(describeDuration(ms), 'en')).toBe(english);
    expect(translateMessage(describeDuration(ms), 'fr')).toBe(french);
  });
});
