import { registerAs } from '@nestjs/config';
import {
  IsOptional,
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
}

export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017/nest-sessions';

export const databaseConfig = registerAs('database', () => {
  const env = validateEnv(DatabaseEnv);
  return {
    uri: env.MONGODB_URI ?? DEFAULT_MONGODB_URI,
    /**
     * How long an operation waits for a reachable server. Requests made while
     * the database is down fail after this, so every page answers 503 within
     * 3 s; start-up gives up after it too, so a missing database is reported at
     * once (a loopback or LAN server answers in milliseconds even when busy).
     */
    serverSelectionTimeoutMs: 2_000,
  };
});

export type DatabaseConfig = ReturnType<typeof databaseConfig>;

/** The URI with any password replaced, safe to print. */
export function maskMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]+:)[^@]*@/, '$1****@');
}
