import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import {
  startExpiredRemoval,
  type ExpiredRemovalOptions,
  type ExpiringCollection,
} from './expired-removal.js';

/** A collection that answers createIndex as a given server would. */
function collection(createIndex: ExpiringCollection['createIndex']) {
  const calls: { spec: object; options: object }[] = [];
  const dropped: string[] = [];
  const fake: ExpiringCollection = {
    createIndex: (spec, options) => {
      calls.push({ spec, options });
      return createIndex(spec, options);
    },
    dropIndex: (name) => {
      dropped.push(name);
      return Promise.resolve();
    },
    deleteMany: () => Promise.resolve({ deletedCount: 0 }),
  };
  return { fake, calls, dropped };
}

function options(): ExpiredRemovalOptions & { warn: jest.Mock } {
  const logger = new Logger('test');
  const warn = jest.fn();
  logger.warn = warn;
  return {
    field: 'expires',
    mode: 'native',
    intervalMs: 60_000,
    clock: () => 0,
    logger,
    what: 'sessions',
    warn,
  };
}

const serverError = (code: number, message: string) =>
  Object.assign(new Error(message), { code });

describe('startExpiredRemoval', () => {
  it('uses a TTL index where the server accepts one', async () => {
    const { fake, calls } = collection(() => Promise.resolve('expires_ttl'));
    const removal = await startExpiredRemoval(fake, options());
    expect(removal.mode).toBe('ttl-index');
    expect(calls).toEqual([
      {
        spec: { expires: 1 },
        options: { expireAfterSeconds: 0, name: 'expires_ttl' },
      },
    ]);
    removal.stop();
  });

  it('falls back to periodic removal, with a plain index and one warning, where the server has no TTL indexes', async () => {
    const { fake, calls } = collection((_spec, opts) =>
      'expireAfterSeconds' in opts
        ? Promise.reject(
            serverError(
              238,
              'Index option "expireAfterSeconds" is not implemented yet',
            ),
          )
        : Promise.resolve('expires_1'),
    );
    const opts = options();
    const removal = await startExpiredRemoval(fake, opts);
    expect(removal.mode).toBe('interval');
    expect(calls.map((call) => call.options)).toEqual([
      { expireAfterSeconds: 0, name: 'expires_ttl' },
      { name: 'expires_1' },
    ]);
    expect(opts.warn).toHaveBeenCalledTimes(1);
    removal.stop();
  });

  it('replaces the plain index an earlier interval run left on the same key', async () => {
    let first = true;
    const { fake, dropped } = collection(() => {
      if (!first) return Promise.resolve('expires_ttl');
      first = false;
      return Promise.reject(serverError(85, 'IndexOptionsConflict'));
    });
    const removal = await startExpiredRemoval(fake, options());
    expect(removal.mode).toBe('ttl-index');
    expect(dropped).toEqual(['expires_1']);
    removal.stop();
  });

  it('lets any other refusal stop the start', async () => {
    const { fake } = collection(() =>
      Promise.reject(
        serverError(13, 'not authorized on app to execute command'),
      ),
    );
    await expect(startExpiredRemoval(fake, options())).rejects.toThrow(
      'not authorized',
    );
  });
});
