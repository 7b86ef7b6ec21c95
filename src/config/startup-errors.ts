import { DEFAULT_MONGODB_URI, maskMongoUri } from './database.config.js';
import { ConfigError } from './validate-env.js';

/** The message printed when the app cannot start: one line, no password. */
export function describeStartupError(error: unknown): string {
  return maskPasswords(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof ConfigError) return `Cannot start: ${error.message}`;
  const name = error instanceof Error ? error.name : '';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const port = (error as { port?: number }).port;
    return (
      `Cannot start: PORT: cannot listen on port ${port ?? '?'} (${code === 'EADDRINUSE' ? 'already in use' : 'permission denied'}). ` +
      'Stop the other process or set PORT to a free port.'
    );
  }
  if (/^Mongo|MongooseServerSelectionError/.test(name)) {
    const uri = maskMongoUri(process.env.MONGODB_URI || DEFAULT_MONGODB_URI);
    const problem = /ServerSelection/.test(name)
      ? 'cannot be reached'
      : 'refused the connection';
    return (
      `Cannot start: the database at ${uri} ${problem} (${oneLine((error as Error).message)}). ` +
      'Start one with `npm run db:start` (FerretDB, local) or `docker compose up -d mongo`, or set MONGODB_URI.'
    );
  }
  if (name === 'SessionStoreUnavailableError') {
    const variable = process.env.REDIS_CLUSTER_NODES
      ? 'REDIS_CLUSTER_NODES'
      : 'REDIS_URL';
    return (
      `Cannot start: ${variable}: ${oneLine((error as Error).message)}. ` +
      `Start one with \`npm run redis:start\`, set ${variable}, or keep sessions in MongoDB (SESSION_STORE=mongodb).`
    );
  }
  return `Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Driver messages may quote a connection string: never print its password. */
function maskPasswords(text: string): string {
  return text.replace(
    /((?:mongodb(?:\+srv)?|rediss?):\/\/[^:/@\s]*:)[^@\s]*@/g,
    '$1****@',
  );
}
