import { authConfig } from './auth.config.js';

describe('authConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to 5 failures per account and client, 20 per account from unknown clients, 10 from its known browsers together and 50 per address in 15 minutes; 10 registrations per address an hour', () => {
    for (const name of [
      'LOGIN_THROTTLE_WINDOW_SECONDS',
      'LOGIN_MAX_FAILURES_PER_CLIENT',
      'LOGIN_MAX_FAILURES_PER_EMAIL',
      'LOGIN_MAX_DEVICE_FAILURES_PER_EMAIL',
      'LOGIN_MAX_FAILURES_PER_IP',
      'REGISTER_MAX_PER_IP',
      'REGISTER_WINDOW_SECONDS',
    ])
      delete process.env[name];
    expect(authConfig()).toEqual({
      throttleWindowMs: 900_000,
      maxFailuresPerClient: 5,
      maxFailuresPerEmail: 20,
      maxDeviceFailuresPerEmail: 10,
      maxFailuresPerIp: 50,
      maxRegistrationsPerIp: 10,
      registerWindowMs: 3_600_000,
    });
  });

  it('reads a shorter window for tests', () => {
    process.env.LOGIN_THROTTLE_WINDOW_SECONDS = '3';
    expect(authConfig().throttleWindowMs).toBe(3000);
  });

  it.each([
    ['LOGIN_THROTTLE_WINDOW_SECONDS', 'soon'],
    ['LOGIN_THROTTLE_WINDOW_SECONDS', '0'],
    ['LOGIN_MAX_FAILURES_PER_EMAIL', '2.5'],
    ['LOGIN_MAX_DEVICE_FAILURES_PER_EMAIL', '0'],
    ['LOGIN_MAX_DEVICE_FAILURES_PER_EMAIL', 'ten'],
    ['LOGIN_MAX_FAILURES_PER_IP', '0'],
    ['LOGIN_MAX_FAILURES_PER_CLIENT', '-1'],
    ['REGISTER_MAX_PER_IP', 'many'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    process.env[name] = value;
    expect(() => authConfig()).toThrow(
      new RegExp(`Invalid environment: ${name}: .*\\(got "${value}"\\)`),
    );
  });
});
