import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTestApp,
  uniqueDatabaseUri,
  type TestApp,
  type TestAppOptions,
} from '../utils/test-app.js';

export interface AppServerOptions extends TestAppOptions {
  /** The port to listen on; a free one by default (a restart passes the old one). */
  port?: number;
  /** The host name the browser uses in URLs (the server always listens on 127.0.0.1). */
  hostName?: string;
}

export interface AppServer {
  readonly t: TestApp;
  readonly port: number;
  /** The origin the browser opens, e.g. http://127.0.0.1:41234. */
  readonly origin: string;
  readonly databaseUri: string;
  url(path?: string): string;
  /** Closes the app (HTTP server and database connection); the database stays. */
  close(): Promise<void>;
}

/**
 * The real app (createTestApp: same module, same configureApp) listening on
 * 127.0.0.1 only, so a browser can reach it and nothing else can.
 */
export async function startAppServer(
  options: AppServerOptions = {},
): Promise<AppServer> {
  const databaseUri = options.databaseUri ?? uniqueDatabaseUri('browser');
  const t = await createTestApp({ ...options, databaseUri });
  try {
    await t.app.listen(options.port ?? 0, '127.0.0.1');
  } catch (error) {
    await t.close();
    throw error;
  }
  const http = t.app.getHttpServer();
  const { port } = http.address() as AddressInfo;
  const origin = `http://${options.hostName ?? '127.0.0.1'}:${port}`;
  return {
    t,
    port,
    origin,
    databaseUri,
    url: (path = '/') => new URL(path, origin).toString(),
    close: () => closeLikeAProcessExit(t, http),
  };
}

/**
 * Closes the app and drops every open connection, as a process that stops
 * does. Without this, a socket that Chromium opened ahead of time and never
 * used keeps server.close() waiting until Node's 60 s headers timeout.
 */
async function closeLikeAProcessExit(t: TestApp, http: Server): Promise<void> {
  const closing = t.close();
  const sweep = setInterval(() => {
    if (!http.listening) http.closeAllConnections();
  }, 20);
  try {
    await closing;
  } finally {
    clearInterval(sweep);
  }
}

/**
 * A server restart: the old app closes, a new one starts on the same database
 * and port, as a deployment or a crash-and-restart would do.
 */
export async function restartAppServer(
  server: AppServer,
  options: AppServerOptions = {},
): Promise<AppServer> {
  await server.close();
  return startAppServer({
    ...options,
    databaseUri: server.databaseUri,
    port: server.port,
    hostName: new URL(server.origin).hostname,
  });
}
