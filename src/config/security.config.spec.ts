import { securityConfig } from './security.config.js';

describe('securityConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('trusts no origin by default', () => {
    delete process.env.TRUSTED_ORIGINS;
    expect(securityConfig().trustedOrigins).toEqual([]);
  });

  it('reads a comma-separated list of origins', () => {
    process.env.TRUSTED_ORIGINS =
      'https://sessions.example.org, http://localhost:8080,';
    expect(securityConfig().trustedOrigins).toEqual([
      'https://sessions.example.org',
      'http://localhost:8080',
    ]);
  });

  it.each([
    'sessions.example.org',
    'https://sessions.example.org/',
    'https://sessions.example.org/path',
    'https://*.example.org',
    'https://user:pw@example.org',
    'https://example.org?x=1',
  ])('refuses %s, naming the variable', (value) => {
    process.env.TRUSTED_ORIGINS = value;
    expect(() => securityConfig()).toThrow(
      /Invalid environment: TRUSTED_ORIGINS: must be origins such as https:\/\/example.org/,
    );
  });
});
