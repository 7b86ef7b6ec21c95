import { readLogFormat, readLogLevels } from './logging.js';

describe('readLogLevels', () => {
  it('shows log, warn and error lines by default', () => {
    expect(readLogLevels({})).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(readLogLevels({ LOG_LEVEL: '' })).toEqual(
      readLogLevels({ LOG_LEVEL: 'log' }),
    );
  });

  it.each([
    ['error', ['fatal', 'error']],
    ['warn', ['fatal', 'error', 'warn']],
    ['DEBUG', ['fatal', 'error', 'warn', 'log', 'debug']],
    ['verbose', ['fatal', 'error', 'warn', 'log', 'debug', 'verbose']],
  ])('LOG_LEVEL=%s shows %p', (value, levels) => {
    expect(readLogLevels({ LOG_LEVEL: value })).toEqual(levels);
  });

  it('refuses anything else in one line naming the variable', () => {
    expect(() => readLogLevels({ LOG_LEVEL: 'info' })).toThrow(
      'Invalid environment: LOG_LEVEL: must be one of error, warn, log, debug, verbose (got "info")',
    );
  });
});

describe('readLogFormat', () => {
  it('is text by default, json on request', () => {
    expect(readLogFormat({})).toBe('text');
    expect(readLogFormat({ LOG_FORMAT: 'JSON' })).toBe('json');
  });

  it('refuses anything else in one line naming the variable', () => {
    expect(() => readLogFormat({ LOG_FORMAT: 'xml' })).toThrow(
      'Invalid environment: LOG_FORMAT: must be one of text, json (got "xml")',
    );
  });
});
