// The package's tests alone: MONGODB_URI and REDIS_URL name the servers they run against
// (from the repository, `npm test` starts both and runs these too).
export default {
  displayName: 'session',
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testRegex: 'test/.*\\.spec\\.ts$',
  testTimeout: 30000,
};
