// The e2e-redis project (jest.config.mjs): the session tests run with their
// sessions in Redis. test-app.ts reads this when a test names no store.
process.env.TEST_SESSION_STORE = 'redis';
