import { DEFAULT_MONGODB_URI, maskMongoUri } from './database.config.js';
import { ConfigError } from './validate-env.js';

/** The message printed when the app cannot start. */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return `Cannot start: ${error.message}`;
  const name = error instanceof Error ? error.name : '';
  if (/^Mongo|MongooseServerSelectionError/.test(name)) {
    const uri = maskMongoUri(process.env.MONGODB_URI || DEFAULT_MONGODB_URI);
    return (
      `Cannot start: the database at ${uri} cannot be reached (${(error as Error).message}). ` +
      'Start one with `npm run db:start` (FerretDB, local) or `docker compose up -d mongo`, or set MONGODB_URI.'
    );
  }
  return `Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
