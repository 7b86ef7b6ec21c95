import 'reflect-metadata';
import type { LoggerService, LogLevel, ModuleMetadata } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { MongoClient } from 'mongodb';
import mongoose, { type Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { App } from 'supertest/types.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { CONFIG_NAMESPACES } from '../../src/config/config-namespaces.js';
import { CLOCK } from '../../src/common/clock.js';
import { TestClock } from './clock.js';
import {
  testRedisUrl,
  testRedisPrefix,
  type SessionStoreKind,
  defaultStore,
} from './stores.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** A database URI of its own, on the server the global setup found. */
export function uniqueDatabaseUri(prefix = 'e2e'): string {
  const base = process.env.MONGODB_URI;
  if (!base)
    throw new Error(
      'MONGODB_URI is not set: run the e2e tests through jest (global setup)',
    );
  const url = new URL(base);
  url.pathname = `/${prefix.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export interface TestAppOptions {
  /** The database to use; a new one by default. */
  databaseUri?: string;
  /** Environment variables for this app only (undefined removes one). */
  env?: Record<string, string | undefined>;
  /** Serve HTTPS with this key and certificate instead of plain HTTP. */
  httpsOptions?: { key: string; cert: string };
  /** Test-only controllers (and their modules) added beside AppModule, for routes the app lacks. */
  imports?: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  /** The app's log levels (errors and warnings by default), or a logger of the test's (CapturedLog). */
  logger?: false | LogLevel[] | LoggerService;
  /** useTestApp only: leave the database when the app closes (another app, or the test, drops it). */
  keepDatabase?: boolean;
  /** The app's clock; a new one (the real time until moved) by default. */
  clock?: TestClock;
  /**
   * Where the app keeps sessions: MongoDB (the default), or the suite's
   * Redis under a key prefix of this app's own. By default, the store the
   * test project runs with (`TEST_SESSION_STORE`: the e2e-redis project runs
   * the session tests again on Redis), else MongoDB.
   */
  store?: SessionStoreKind;
}

export interface TestApp {
  app: NestExpressApplication;
  server: App;
  databaseUri: string;
  connection: Connection;
  /** The app's clock: `t.clock.advance(ms)` moves time for the app. */
  clock: TestClock;
  /** Closes the app (the database stays); closing again does nothing. */
  close(): Promise<void>;
}

/** Runs `fn` with the given environment variables, restoring the previous values after. */
export async function withEnv<T>(
  env: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = Object.fromEntries(
    Object.keys(env).map((key) => [key, process.env[key]]),
  );
  assignEnv(env);
  try {
    return await fn();
  } finally {
    assignEnv(previous);
  }
}

function assignEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** Creates the app exactly as main.ts does (same module, same configureApp). */
export async function createTestApp(
  options: TestAppOptions = {},
): Promise<TestApp> {
  const databaseUri = options.databaseUri ?? uniqueDatabaseUri();
  const clock = options.clock ?? new TestClock();
  const env = {
    NODE_ENV: 'test',
    SESSION_SECRET: TEST_SECRET,
    MONGODB_URI: databaseUri,
    ...((options.store ?? defaultStore()) === 'redis' && {
      SESSION_STORE: 'redis',
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: testRedisPrefix(databaseUri),
    }),
    ...options.env,
  };
  return withEnv(env, async () => {
    // Configuration first, as main.ts reports it: a start-up refused for its
    // configuration then connects to nothing. Inside compile() the database
    // connection would still be made after the refusal, in the background,
    // and leave this test's database behind.
    for (const namespace of CONFIG_NAMESPACES) namespace();
    const before = new Set(mongoose.connections);
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule, ...(options.imports ?? [])],
      controllers: options.controllers,
    })
      .overrideProvider(CLOCK)
      .useValue(clock.now)
      .compile()
      .catch(async (error: unknown) => {
        // A start-up that fails after the database connected leaves the
        // connection open, and Jest would never exit: close what it opened.
        const opened = mongoose.connections.filter((c) => !before.has(c));
        await Promise.all(opened.map((c) => c.close()));
        throw error;
      });
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: options.logger ?? ['error', 'warn'],
      httpsOptions: options.httpsOptions,
    });
    try {
      configureApp(app);
      await app.init();
    } catch (error) {
      await app.close().catch(() => undefined);
      if (options.databaseUri === undefined) await dropDatabase(databaseUri);
      throw error;
    }
    let closed: Promise<void> | undefined;
    return {
      app,
      server: app.getHttpServer() as App,
      databaseUri,
      connection: app.get<Connection>(getConnectionToken()),
      clock,
      close: () => (closed ??= app.close()),
    };
  });
}

/**
 * The usual set-up of an e2e file: an app on a database of its own, created
 * before the file's (or the describe block's) tests, closed and its database
 * dropped after them. The object is filled in by beforeAll: use it inside
 * tests and hooks. Options that depend on an earlier beforeAll (a proxy's
 * port, a FerretDB of the test's own) are given as a function, called then.
 */
export function useTestApp(
  options: TestAppOptions | (() => TestAppOptions) = {},
): TestApp {
  const t = {} as TestApp;
  let keepDatabase = false;
  beforeAll(async () => {
    const resolved = typeof options === 'function' ? options() : options;
    keepDatabase = resolved.keepDatabase === true;
    Object.assign(t, await createTestApp(resolved));
  });
  afterAll(async () => {
    if (!('app' in t)) return;
    await t.close();
    if (!keepDatabase) await dropDatabase(t.databaseUri);
  });
  return t;
}

/** Drops a test database. */
export async function dropDatabase(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}
