import 'reflect-metadata';
import { readNodeEnv } from './node-env.js';

describe('readNodeEnv', () => {
  it('is development when unset or empty', () => {
    expect(readNodeEnv({})).toBe('development');
    expect(readNodeEnv({ NODE_ENV: '' })).toBe('development');
  });

  it.each(['development', 'production', 'test'])('reads %s', (value) => {
    expect(readNodeEnv({ NODE_ENV: value })).toBe(value);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => readNodeEnv({ NODE_ENV: 'staging' })).toThrow(
      'Invalid environment: NODE_ENV: must be one of development, production, test (got "staging")',
    );
  });
});
