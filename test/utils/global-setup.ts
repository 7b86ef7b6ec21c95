import { MongoClient } from 'mongodb';

/**
 * Gives the e2e suite a database: the one at MONGODB_URI when it is set (CI and
 * `npm run db:start` use FerretDB), otherwise a MongoDB started by
 * mongodb-memory-server-core (which downloads a MongoDB binary on first use).
 * Each test file then works in a database of its own (see test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (uri) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.db().command({ ping: 1 });
    } catch (error) {
      throw new Error(
        `The e2e tests need a database, and MONGODB_URI=${uri} does not answer (${(error as Error).message}). ` +
          'Start one with `npm run db:start`, or unset MONGODB_URI to use mongodb-memory-server.',
      );
    } finally {
      await client.close();
    }
    return;
  }
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create();
    (globalThis as { __MONGOD__?: unknown }).__MONGOD__ = server;
    process.env.MONGODB_URI = server.getUri('nest-sessions');
  } catch (error) {
    throw new Error(
      'The e2e tests need a database: set MONGODB_URI (for example after `npm run db:start`), ' +
        `or allow mongodb-memory-server to download MongoDB (it failed: ${(error as Error).message}).`,
    );
  }
}
