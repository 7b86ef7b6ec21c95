import { registerAs } from '@nestjs/config';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { validateEnv } from './validate-env.js';

/**
 * The database a connection string names, '' when it names none, undefined
 * when it is not a connection string. The path after the hosts is the
 * database: the driver would use `test` for a URI without one, and the app's
 * data would end up there without a word.
 */
export function databaseNameOf(uri: string): string | undefined {
  const match =
    /^mongodb(?:\+srv)?:\/\/([^/?#\s]+)(?:\/([^?#\s]*))?(?:\?\S*)?$/.exec(uri);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[2] ?? '');
  } catch {
    return undefined;
  }
}

function mongoUriProblem(value: unknown): string | undefined {
  const name = typeof value === 'string' ? databaseNameOf(value) : undefined;
  if (name === undefined)
    return 'must be a MongoDB connection string (mongodb://host:port/database)';
  if (name === '')
    return 'names no database: add its name after the host, as in mongodb://127.0.0.1:27017/nest-sessions';
  if (/[/\\. "$]/.test(name))
    return `names the database "${name}", which MongoDB does not allow (no / \\ . space " or $)`;
  return undefined;
}

class DatabaseEnv {
  @IsOptional()
  @ValidateBy({
    name: 'isMongoUriWithDatabase',
    validator: {
      validate: (value: unknown) => mongoUriProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        mongoUriProblem(args?.value) ?? 'is not valid',
    },
  })
  MONGODB_URI?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  @Max(120_000, { message: 'must be at most 120000' })
  MONGODB_SERVER_SELECTION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  @Max(120_000, { message: 'must be at most 120000' })
  MONGODB_SOCKET_TIMEOUT_MS?: number;
}

export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017/nest-sessions';

export const databaseConfig = registerAs('database', () => {
  const env = validateEnv(DatabaseEnv);
  return {
    uri: env.MONGODB_URI ?? DEFAULT_MONGODB_URI,
    /**
     * How long an operation waits for a server it can use (on a replica set:
     * the primary). Requests made while the database is down fail after this,
     * so with the default every page answers 503 within 3 s and start-up
     * reports a missing database at once. On a replica set an election takes
     * a few seconds (10–12 s at most with MongoDB's defaults): a value above
     * that rides it out, the requests waiting instead of failing.
     */
    serverSelectionTimeoutMs: env.MONGODB_SERVER_SELECTION_TIMEOUT_MS ?? 2_000,
    /**
     * How long one attempt of an operation waits on a server that is there
     * but silent (stalled, frozen, cut off without a reset): for the answer on
     * its connection (the driver's socketTimeoutMS), and half as long again for a
     * connection in the first place (waitQueueTimeoutMS: new ones cannot open
     * meanwhile; and a pool warming up under load, two connections opening at
     * a time, must not fail a start). The driver then closes that connection
     * and retries a read once, on another: with the default, a page answers
     * 503 within about 2-3 s. Every single round trip must fit
     * in it: a write waiting for a lagging replica set's majority, or an
     * index built at start-up on a large collection, need it raised.
     * (`timeoutMS`, the client-side operation timeout, would bound a whole
     * operation, retry included, but the driver this app runs on ignores it:
     * mongodb 7.8 deprecated it as having no effect.)
     */
    socketTimeoutMs: env.MONGODB_SOCKET_TIMEOUT_MS ?? 1_000,
    waitQueueTimeoutMs: 1.5 * (env.MONGODB_SOCKET_TIMEOUT_MS ?? 1_000),
  };
});

export type DatabaseConfig = ReturnType<typeof databaseConfig>;

/** The URI with any password replaced, safe to print. */
export function maskMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]+:)[^@]*@/, '$1****@');
}
