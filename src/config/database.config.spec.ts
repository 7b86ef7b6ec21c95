import { databaseConfig, databaseNameOf } from './database.config.js';

describe('databaseConfig MONGODB_URI', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to the local database', () => {
    delete process.env.MONGODB_URI;
    expect(databaseConfig().uri).toBe(
      'mongodb://127.0.0.1:27017/nest-sessions',
    );
  });

  it.each([
    'mongodb://127.0.0.1:27017/app',
    'mongodb://user:p%40ss@db1:27017,db2:27017/app?replicaSet=rs0',
    'mongodb+srv://user:pw@cluster0.example.net/app?retryWrites=true',
  ])('takes %s', (uri) => {
    process.env.MONGODB_URI = uri;
    expect(databaseConfig().uri).toBe(uri);
  });

  it.each([
    'mongodb://127.0.0.1:27017',
    'mongodb://127.0.0.1:27017/',
    'mongodb://127.0.0.1:27017/?authSource=admin',
    'mongodb+srv://user:pw@cluster0.example.net/?retryWrites=true',
  ])(
    'refuses %s, which names no database (the driver would use "test")',
    (uri) => {
      process.env.MONGODB_URI = uri;
      expect(() => databaseConfig()).toThrow(
        /^Invalid environment: MONGODB_URI: names no database: add its name after the host, as in mongodb:\/\/127\.0\.0\.1:27017\/nest-sessions/,
      );
    },
  );

  it('refuses what is not a connection string', () => {
    process.env.MONGODB_URI = 'postgres://localhost/app';
    expect(() => databaseConfig()).toThrow(
      'Invalid environment: MONGODB_URI: must be a MongoDB connection string (mongodb://host:port/database) (got "postgres://localhost/app")',
    );
  });

  it('refuses a database name MongoDB does not allow', () => {
    process.env.MONGODB_URI = 'mongodb://127.0.0.1:27017/my.app';
    expect(() => databaseConfig()).toThrow(
      /MONGODB_URI: names the database "my.app", which MongoDB does not allow/,
    );
  });
});

describe('databaseNameOf', () => {
  it.each([
    ['mongodb://h/app', 'app'],
    ['mongodb://h:1/app?x=1', 'app'],
    ['mongodb://u:p@h1,h2/my%2Dapp', 'my-app'],
    ['mongodb://h', ''],
    ['mongodb://h/?x=1', ''],
    ['http://h/app', undefined],
  ])('%s → %p', (uri, name) => {
    expect(databaseNameOf(uri)).toBe(name);
  });
});

describe('databaseConfig MONGODB_SOCKET_TIMEOUT_MS', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('defaults to 1000 ms: a read and its one retry answer within about 2 s', () => {
    delete process.env.MONGODB_SOCKET_TIMEOUT_MS;
    expect(databaseConfig().socketTimeoutMs).toBe(1_000);
  });

  it('takes a whole number of milliseconds', () => {
    process.env.MONGODB_SOCKET_TIMEOUT_MS = '5000';
    expect(databaseConfig().socketTimeoutMs).toBe(5_000);
  });

  it.each([
    ['0', 'must be at least 100'],
    ['120001', 'must be at most 120000'],
    ['1.5', 'must be a whole number of milliseconds'],
    ['soon', 'must be a whole number of milliseconds'],
  ])('refuses %s in one line naming the variable', (value, problem) => {
    process.env.MONGODB_SOCKET_TIMEOUT_MS = value;
    expect(() => databaseConfig()).toThrow(
      new RegExp(
        `^Invalid environment: MONGODB_SOCKET_TIMEOUT_MS: [^;]*${problem}[^;]* \\(got "${value}"\\)$`,
      ),
    );
  });
});
