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

describe('appConfig HOST', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    delete process.env.HOST;
    expect(appConfig().host).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '::1', '192.0.2.7', 'localhost', 'app.internal'])(
    'takes HOST=%s',
    (host) => {
      process.env.HOST = host;
      expect(appConfig().host).toBe(host);
    },
  );

  it.each(['http://0.0.0.0', '0.0.0.0:3000', 'my_host', '[::1]', 'a b'])(
    'refuses HOST=%s in one line naming the variable',
    (host) => {
      process.env.HOST = host;
      expect(() => appConfig()).toThrow(
        `Invalid environment: HOST: must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface), :: or a host name (got "${host}")`,
      );
    },
  );
});

describe('appConfig demo account', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each([
    ['development', undefined, true],
    ['test', undefined, true],
    ['production', undefined, false],
    ['production', 'true', true],
    ['development', 'false', false],
  ])('NODE_ENV=%s SEED_DEMO_USER=%s: seeded %s', (nodeEnv, seed, expected) => {
    process.env.NODE_ENV = nodeEnv;
    if (seed === undefined) delete process.env.SEED_DEMO_USER;
    else process.env.SEED_DEMO_USER = seed;
    expect(appConfig().seedDemoUser).toBe(expected);
  });
});
