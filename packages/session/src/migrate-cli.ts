#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { MigrationReport } from './migrate.js';

const USAGE = `Moves sessions written by connect-mongo or connect-redis into this package's format (once, before the app starts using it).

  nest-sessions-migrate connect-mongo <mongodb-uri> [--collection sessions]
  nest-sessions-migrate connect-redis <redis-url> [--prefix sess:]

  --idle-ms, --absolute-ms   the app's timeouts (30 minutes and 24 hours by default):
                             a moved session keeps its expiry within them`;

async function main(): Promise<MigrationReport> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      collection: { type: 'string' },
      prefix: { type: 'string' },
      'idle-ms': { type: 'string' },
      'absolute-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [from, target] = positionals;
  if (values.help || !target) throw new Error(USAGE);
  const rules = {
    idleMs: values['idle-ms'] ? Number(values['idle-ms']) : undefined,
    absoluteMs: values['absolute-ms']
      ? Number(values['absolute-ms'])
      : undefined,
  };
  if (from === 'connect-mongo') {
    const { MongoClient } = await import('mongodb');
    const { MongoSessionStore } = await import('./mongodb.js');
    const { migrateConnectMongo } = await import('./migrate.js');
    const client = await MongoClient.connect(target);
    try {
      const store = new MongoSessionStore({
        ...rules,
        client,
        collectionName: values.collection,
        autoRemove: 'disabled',
      });
      return await migrateConnectMongo(store);
    } finally {
      await client.close();
    }
  }
  if (from === 'connect-redis') {
    const { RedisSessionStore } = await import('./redis.js');
    const { migrateConnectRedis } = await import('./migrate.js');
    const store = new RedisSessionStore({
      ...rules,
      url: target,
      prefix: values.prefix,
    });
    await store.start();
    try {
      return await migrateConnectRedis(store);
    } finally {
      await store.stop();
    }
  }
  throw new Error(USAGE);
}

main().then(
  ({ moved, dropped }) =>
    console.log(
      `${moved} sessions moved, ${dropped} expired or unreadable ones deleted`,
    ),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
