/** What global-setup.ts leaves on globalThis (the two run in one process). */
interface TestDatabase {
  stop(): Promise<void>;
}

/** Stops the database and the Redis the global set-up started (nothing for given ones). */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis as {
    __TEST_DATABASE__?: TestDatabase;
    __TEST_REDIS__?: TestDatabase;
  };
  // Once, however many projects ran (the set-up ran once for them all).
  const { __TEST_REDIS__: redis, __TEST_DATABASE__: database } = started;
  started.__TEST_REDIS__ = undefined;
  started.__TEST_DATABASE__ = undefined;
  await redis?.stop();
  await database?.stop();
}
