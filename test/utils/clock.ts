import type { Clock } from '../../src/common/clock.js';

/**
 * The app's clock in tests: the real time plus an offset that tests move
 * forward (never back, so that what the app stores stays in the future of
 * the database server's own clock, which runs TTL removal).
 */
export class TestClock {
  private offsetMs = 0;

  readonly now: Clock = () => Date.now() + this.offsetMs;

  advance(ms: number): void {
    if (ms < 0) throw new Error('the test clock only moves forward');
    this.offsetMs += ms;
  }
}
