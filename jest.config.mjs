// Jest runs in its ESM mode (NestJS 12 ships as ESM only): ts-jest compiles with
// useESM and the mapper strips the `.js` ending of relative imports.
const SESSION_PACKAGE = `${import.meta.dirname}/packages/session`;

const common = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The app's tests run on the session package's source, not its build.
    '^@nest-sessions/session$': `${SESSION_PACKAGE}/src/index.ts`,
    '^@nest-sessions/session/(.*)$': `${SESSION_PACKAGE}/src/$1.ts`,
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testEnvironment: 'node',
};

// Load tests (floods of 10,000 requests, an app restarted under load) take
// minutes on a busy machine, and the 45 s database stall close to one:
// `npm run test:reliability` runs them (so does CI, after `npm test`);
// `npm test` leaves them out.
const LOAD_TESTS = 'test/reliability/(resource-limits|app-restart|database-frozen-long)\\.e2e-spec\\.ts$';

// The session tests, run a second time with the sessions in Redis (the e2e-redis
// project): the same files, not a copy, with TEST_SESSION_STORE=redis.
const SESSION_TESTS = [
  'account-sessions',
  'auth',
  'counter',
  'course',
  'flash',
  'session-cookies',
  'session-dictionary',
  'session-size',
  'session-store',
  'session-secrets',
  'session-writes',
  'stored-keys',
  'sessions-per-account',
  'fresh-login',
  'reliability/concurrency',
  'reliability/instances',
];

const e2e = {
  ...common,
  rootDir: '.',
  roots: ['<rootDir>/test'],
  setupFilesAfterEnv: ['<rootDir>/test/utils/load-cjs-packages.ts'],
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
};

/** @type {import('jest').Config} */
export default {
  // A global option: Jest ignores it inside a project.
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', rootDir: 'src', testRegex: '.*\\.spec\\.ts$' },
    {
      ...e2e,
      displayName: 'e2e',
      testRegex: '.*\\.e2e-spec\\.ts$',
      testPathIgnorePatterns: ['/node_modules/', LOAD_TESTS],
    },
    // Real-browser tests (Chromium through playwright-core): not part of `npm test`,
    // run by `npm run test:browser`; `npm run screenshots` runs the screenshot script.
    {
      ...common,
      displayName: 'browser',
      rootDir: '.',
      roots: ['<rootDir>/test/browser'],
      setupFilesAfterEnv: ['<rootDir>/test/utils/load-cjs-packages.ts'],
      testRegex: '.*\\.browser-spec\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/utils/load-cjs-packages.ts'],
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'screenshots',
      rootDir: '.',
      roots: ['<rootDir>/test/browser'],
      setupFilesAfterEnv: ['<rootDir>/test/utils/load-cjs-packages.ts'],
      testRegex: '/screenshots\\.ts$',
      setupFilesAfterEnv: ['<rootDir>/test/utils/load-cjs-packages.ts'],
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
    },
    {
      ...e2e,
      displayName: 'e2e-redis',
      testRegex: `test/(${SESSION_TESTS.join('|')})\\.e2e-spec\\.ts$`,
      setupFiles: ['<rootDir>/test/utils/redis-project.ts'],
    },
    { ...e2e, displayName: 'reliability', testRegex: LOAD_TESTS },
    // The session package's own tests: its store contract, module and migration, on both stores.
    {
      ...e2e,
      displayName: 'session',
      roots: ['<rootDir>/packages/session'],
      testRegex: 'packages/session/test/.*\\.spec\\.ts$',
    },
    // The package packed, installed into a new Nest app outside the repository, built and run:
    // minutes (npm install), so outside `npm test`; `npm run test:package` runs it (so does CI).
    {
      ...e2e,
      displayName: 'package',
      roots: ['<rootDir>/packages/session/example'],
      testRegex: 'packages/session/example/lift\\.spec\\.ts$',
    },
  ],
};
