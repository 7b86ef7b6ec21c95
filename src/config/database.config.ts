import { registerAs } from '@nestjs/config';
import { IsOptional, Matches } from 'class-validator';
import { validateEnv } from './validate-env.js';

class DatabaseEnv {
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message:
      'must be a MongoDB connection string (mongodb://host:port/database)',
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
