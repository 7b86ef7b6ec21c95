import { appConfig } from './app.config.js';

describe('appConfig booleans', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each([
    ['false', false],
    ['0', false],
    ['off', false],
    ['true', true],
    ['1', true],
  ])('reads TRUST_PROXY and SEED_DEMO_USER=%s as %s', (raw, expected) => {
    process.env.TRUST_PROXY = raw;
    process.env.SEED_DEMO_USER = raw;
    const config = appConfig();
    expect(config.trustProxy).toBe(expected);
    expect(config.seedDemoUser).toBe(expected);
  });

  it('refuses a value that is not a boolean, naming the variable', () => {
    process.env.SEED_DEMO_USER = 'maybe';
    expect(() => appConfig()).toThrow(/SEED_DEMO_USER: must be true or false/);
  });
});
