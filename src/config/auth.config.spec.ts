import { authConfig } from './auth.config.js';

describe('authConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to 5 failures per email and 20 per address in 15 minutes', () => {
    delete process.env.LOGIN_THROTTLE_WINDOW_SECONDS;
    delete process.env.LOGIN_MAX_FAILURES_PER_EMAIL;
    delete process.env.LOGIN_MAX_FAILURES_PER_IP;
    expect(authConfig()).toEqual({
      throttleWindowMs: 900_000,
      maxFailuresPerEmail: 5,
      maxFailuresPerIp: 20,
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
    ['LOGIN_MAX_FAILURES_PER_IP', '0'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    process.env[name] = value;
    expect(() => authConfig()).toThrow(
      new RegExp(`Invalid environment: ${name}: .*\\(got "${value}"\\)`),
    );
  });
});
