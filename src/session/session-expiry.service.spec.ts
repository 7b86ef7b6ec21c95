import type { ConfigType } from '@nestjs/config';
import { MongoServerError } from 'mongodb';
import type { sessionConfig } from '../config/session.config.js';
import type { MongoSessionStore } from './mongo-session.store.js';
import { SessionExpiryService } from './session-expiry.service.js';

type IndexCall = [string, Record<string, unknown>, Record<string, unknown>?];

/** A collection that answers createIndex as a given server would. */
function storeWith(
  createIndex: (options: Record<string, unknown>) => void,
  calls: IndexCall[],
): MongoSessionStore {
  const collection = {
    createIndex: (
      keys: Record<string, unknown>,
      options: Record<string, unknown>,
    ) => {
      calls.push(['createIndex', keys, options]);
      createIndex(options);
      return Promise.resolve(String(options.name));
    },
    dropIndex: (name: string) => {
      calls.push(['dropIndex', { name }]);
      return Promise.resolve({});
    },
  };
  return {
    sessions: Promise.resolve(collection),
  } as unknown as MongoSessionStore;
}

function service(autoRemove: 'native' | 'interval'): SessionExpiryService {
  return new SessionExpiryService({
    autoRemove,
    autoRemoveIntervalMs: 60_000,
  } as ConfigType<typeof sessionConfig>);
}

describe('SessionExpiryService.start', () => {
  let expiry: SessionExpiryService | undefined;
  afterEach(() => expiry?.onModuleDestroy());

  it('uses a TTL index where the server has them', async () => {
    const calls: IndexCall[] = [];
    expiry = service('native');
    await expect(expiry.start(storeWith(() => undefined, calls))).resolves.toBe(
      'ttl-index',
    );
    expect(calls).toEqual([
      [
        'createIndex',
        { expires: 1 },
        { expireAfterSeconds: 0, name: 'expires_ttl' },
      ],
    ]);
  });

  it('falls back to periodic removal when the server does not implement TTL indexes', async () => {
    const calls: IndexCall[] = [];
    const refuse = (options: Record<string, unknown>) => {
      if ('expireAfterSeconds' in options)
        throw new MongoServerError({
          message: 'Index option "expireAfterSeconds" is not implemented yet',
          code: 238,
        });
    };
    expiry = service('native');
    await expect(expiry.start(storeWith(refuse, calls))).resolves.toBe(
      'interval',
    );
    expect(expiry.mode).toBe('interval');
  });

  it('replaces the plain index an interval-mode run left behind, instead of failing', async () => {
    const calls: IndexCall[] = [];
    let conflict = true;
    const once = (options: Record<string, unknown>) => {
      if (conflict && 'expireAfterSeconds' in options) {
        conflict = false;
        throw new MongoServerError({
          message: 'Index already exists with a different name: expires_1',
          code: 85,
        });
      }
    };
    expiry = service('native');
    await expect(expiry.start(storeWith(once, calls))).resolves.toBe(
      'ttl-index',
    );
    expect(calls.map(([what]) => what)).toEqual([
      'createIndex',
      'dropIndex',
      'createIndex',
    ]);
    expect(calls[1]).toEqual(['dropIndex', { name: 'expires_1' }]);
  });

  it('fails the start-up for any other index error', async () => {
    expiry = service('native');
    const broken = () => {
      throw new MongoServerError({ message: 'not authorized', code: 13 });
    };
    await expect(expiry.start(storeWith(broken, []))).rejects.toThrow(
      'not authorized',
    );
  });
});
