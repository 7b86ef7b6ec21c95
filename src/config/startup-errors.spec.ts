import { MongoAPIError, MongoServerError } from 'mongodb';
import { describeStartupError } from './startup-errors.js';
import { ConfigError } from './validate-env.js';

/** A Node system error, as net, dns and the driver's DNS lookups raise them. */
function systemError(
  message: string,
  fields: Record<string, unknown>,
): NodeJS.ErrnoException {
  return Object.assign(new Error(message), fields);
}

function serverSelectionError(message: string): Error {
  const error = new Error(message);
  error.name = 'MongooseServerSelectionError';
  return error;
}

/** Every message: one line, starting with "Cannot start:", without a stack frame. */
function expectOneLine(line: string): void {
  expect(line).toMatch(/^Cannot start: /);
  expect(line).not.toContain('\n');
  expect(line).not.toMatch(/\bat .*:\d+:\d+/);
}

describe('describeStartupError', () => {
  it('prints a configuration error as it is', () => {
    expect(
      describeStartupError(
        new ConfigError('Invalid environment: PORT: must be a whole number'),
        {},
      ),
    ).toBe('Cannot start: Invalid environment: PORT: must be a whole number');
  });

  describe('a local database that cannot be reached', () => {
    const env = { MONGODB_URI: 'mongodb://app:hunter2@127.0.0.1:27017/x' };
    const line = describeStartupError(
      serverSelectionError(
        'connect ECONNREFUSED 127.0.0.1:27017\n to mongodb://app:hunter2@127.0.0.1:27017/x',
      ),
      env,
    );

    it('names the URI with its password masked, on one line', () => {
      expectOneLine(line);
      expect(line).toContain(
        'the database at mongodb://app:****@127.0.0.1:27017/x cannot be reached (connect ECONNREFUSED 127.0.0.1:27017',
      );
      expect(line).not.toContain('hunter2');
    });

    it('suggests the local database, never a compose service whose port is not published', () => {
      expect(line).toContain('`npm run dev`');
      expect(line).toContain('`npm run db:start`');
      expect(line).toContain('set MONGODB_URI');
      expect(line).not.toContain('docker compose');
    });

    it('uses the default URI when MONGODB_URI is unset', () => {
      const unset = describeStartupError(
        serverSelectionError('connect ECONNREFUSED 127.0.0.1:27017'),
        {},
      );
      expect(unset).toContain(
        'the database at mongodb://127.0.0.1:27017/nest-sessions cannot be reached',
      );
      expect(unset).toContain('`npm run db:start`');
    });
  });

  it('does not suggest a local database for a remote server that cannot be reached', () => {
    const line = describeStartupError(
      serverSelectionError('getaddrinfo ENOTFOUND db.example.net'),
      { MONGODB_URI: 'mongodb://db.example.net:27017/app' },
    );
    expectOneLine(line);
    expect(line).toContain(
      'the database at mongodb://db.example.net:27017/app cannot be reached',
    );
    expect(line).toContain('Check that the server runs');
    expect(line).not.toContain('db:start');
  });

  describe('credentials the server refuses', () => {
    const env = {
      MONGODB_URI: 'mongodb://app:wrong-pw@127.0.0.1:27017/x?authSource=admin',
    };
    const refused = new MongoServerError({
      message: 'Authentication failed.',
      code: 18,
      codeName: 'AuthenticationFailed',
    });

    it('says the credentials were refused, with no advice to start a database', () => {
      const line = describeStartupError(refused, env);
      expectOneLine(line);
      expect(line).toBe(
        'Cannot start: the database at mongodb://app:****@127.0.0.1:27017/x?authSource=admin refused the credentials in MONGODB_URI (Authentication failed.). ' +
          'Check the user name, the password (percent-encoded if it holds @ : / ? # [ ] or %) and authSource.',
      );
      expect(line).not.toContain('wrong-pw');
    });

    it('recognises the refusal when the driver wraps it', () => {
      const wrapped = serverSelectionError('Authentication failed.');
      const outer = new Error('connection pool cleared', { cause: refused });
      outer.name = 'MongoPoolClearedError';
      for (const error of [wrapped, outer]) {
        const line = describeStartupError(error, env);
        expect(line).toContain('refused the credentials');
        expect(line).not.toContain('db:start');
      }
    });
  });

  describe('a mongodb+srv:// address whose DNS lookup fails', () => {
    const env = {
      MONGODB_URI: 'mongodb+srv://app:pw@cluster0.example.net/app',
    };

    it.each([
      ['querySrv', 'ENOTFOUND'],
      ['querySrv', 'ECONNREFUSED'],
      ['queryTxt', 'ETIMEOUT'],
    ])('%s %s: one line naming the host, no stack', (syscall, code) => {
      const error = systemError(
        `${syscall} ${code} _mongodb._tcp.cluster0.example.net`,
        { code, syscall, hostname: '_mongodb._tcp.cluster0.example.net' },
      );
      const line = describeStartupError(error, env);
      expectOneLine(line);
      expect(line).toBe(
        `Cannot start: MONGODB_URI: the DNS lookup of _mongodb._tcp.cluster0.example.net, which a mongodb+srv:// address needs, failed (${syscall} ${code}). ` +
          'Check the cluster’s host name in MONGODB_URI and this machine’s DNS, or give the hosts in a mongodb:// address.',
      );
    });

    it('an SRV record with no hosts', () => {
      const line = describeStartupError(
        new MongoAPIError('No addresses found at host'),
        env,
      );
      expectOneLine(line);
      expect(line).toContain('MONGODB_URI: the DNS lookup');
    });
  });

  it('a server that refuses what start-up needs names the missing role', () => {
    const error = new MongoServerError({
      message: 'not authorized on x to execute command { createIndexes: … }',
      code: 13,
      codeName: 'Unauthorized',
    });
    const line = describeStartupError(error, {
      MONGODB_URI: 'mongodb://app:pw@127.0.0.1:27017/x',
    });
    expectOneLine(line);
    expect(line).toContain('refused what the app needs at start-up');
    expect(line).toContain('readWrite');
  });

  describe('listening', () => {
    it('names PORT when the port is taken', () => {
      const error = systemError(
        'listen EADDRINUSE: address already in use 127.0.0.1:3000',
        {
          code: 'EADDRINUSE',
          syscall: 'listen',
          address: '127.0.0.1',
          port: 3000,
        },
      );
      expect(describeStartupError(error, {})).toBe(
        'Cannot start: PORT: cannot listen on port 3000 (already in use). Stop the other process or set PORT to a free port.',
      );
    });

    it('names HOST when it is not an address of this machine', () => {
      const error = systemError(
        'listen EADDRNOTAVAIL: address not available 192.0.2.7:3000',
        {
          code: 'EADDRNOTAVAIL',
          syscall: 'listen',
          address: '192.0.2.7',
          port: 3000,
        },
      );
      expect(describeStartupError(error, { HOST: '192.0.2.7' })).toBe(
        'Cannot start: HOST: cannot listen on 192.0.2.7 (not an address of this machine). Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).',
      );
    });

    it('names HOST when its name does not resolve', () => {
      const error = systemError('getaddrinfo ENOTFOUND app.invalid', {
        code: 'ENOTFOUND',
        syscall: 'getaddrinfo',
        hostname: 'app.invalid',
      });
      const line = describeStartupError(error, { HOST: 'app.invalid' });
      expectOneLine(line);
      expect(line).toMatch(/^Cannot start: HOST: cannot listen on app.invalid/);
    });
  });

  it('prints any other error on one line, without its stack', () => {
    const error = new TypeError('something\nunexpected');
    expect(describeStartupError(error, {})).toBe(
      'Cannot start: TypeError: something unexpected',
    );
  });
});
