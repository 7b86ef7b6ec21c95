import { describeStartupError } from './startup-errors.js';
import { ConfigError } from './validate-env.js';

describe('describeStartupError', () => {
  const saved = process.env.MONGODB_URI;

  afterEach(() => {
    if (saved === undefined) delete process.env.MONGODB_URI;
    else process.env.MONGODB_URI = saved;
  });

  it('prints a configuration error as it is', () => {
    expect(
      describeStartupError(
        new ConfigError('Invalid environment: PORT: must be a whole number'),
      ),
    ).toBe('Cannot start: Invalid environment: PORT: must be a whole number');
  });

  it('names the database URI with its password masked, on one line', () => {
    process.env.MONGODB_URI = 'mongodb://app:hunter2@db.local:27017/x';
    const error = new Error(
      'connect ECONNREFUSED\n to mongodb://app:hunter2@db.local:27017/x',
    );
    error.name = 'MongooseServerSelectionError';
    const line = describeStartupError(error);
    expect(line).toContain(
      'the database at mongodb://app:****@db.local:27017/x cannot be reached',
    );
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('\n');
    expect(line).toContain('npm run db:start');
  });

  it('names PORT when the port is taken', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      port: 3000,
    });
    expect(describeStartupError(error)).toBe(
      'Cannot start: PORT: cannot listen on port 3000 (already in use). Stop the other process or set PORT to a free port.',
    );
  });
});
