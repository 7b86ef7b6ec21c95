import { appConfig } from './app.config.js';

describe('appConfig', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  function load(env: Record<string, string>) {
    delete process.env.TRUST_PROXY;
    delete process.env.SEED_DEMO_USER;
    delete process.env.PORT;
    Object.assign(process.env, env);
    return appConfig();
  }

  it.each([
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
    [' FALSE ', false],
    ['true', true],
    ['1', true],
    ['yes', true],
    ['On', true],
  ])('reads TRUST_PROXY=%p as %p', (raw, expected) => {
    expect(load({ TRUST_PROXY: raw, SEED_DEMO_USER: raw })).toMatchObject({
      trustProxy: expected,
      seedDemoUser: expected,
    });
  });

  it('refuses a boolean it cannot read, naming the variable', () => {
    expect(() => load({ TRUST_PROXY: 'maybe' })).toThrow(
      'TRUST_PROXY: must be true or false (got "maybe")',
    );
  });

  it('defaults to port 3000, no proxy, 10 s grace', () => {
    expect(load({ NODE_ENV: 'test' })).toMatchObject({
      port: 3000,
      trustProxy: false,
      shutdownGraceMs: 10_000,
    });
  });
});
