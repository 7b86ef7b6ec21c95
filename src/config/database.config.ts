import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env.js';

class DatabaseEnv {
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message:
      'must be a MongoDB connection string (mongodb://host:port/database)',
  })
  MONGODB_URI?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  @Max(120_000, { message: 'must be at most 120000' })
  MONGODB_SERVER_SELECTION_TIMEOUT_MS?: number;
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
  };
});

export type DatabaseConfig = ReturnType<typeof databaseConfig>;

/** The URI with any password replaced, safe to print. */
export function maskMongoUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]+:)[^@]*@/, '$1****@');
}
