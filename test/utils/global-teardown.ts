/** What global-setup.ts leaves on globalThis (the two run in one process). */
interface TestDatabase {
  stop(): Promise<void>;
}

/** Stops the database the global set-up started (nothing for a given MONGODB_URI). */
export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __TEST_DATABASE__?: TestDatabase })
    .__TEST_DATABASE__;
  await database?.stop();
}
