import { Logger } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import mongoose, { type Connection } from 'mongoose';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let the requests in flight
 * finish (their sessions are saved before they answer), close the database
 * connection, exit 0. Requests still running after `graceMs` have their
 * connections closed, so a stuck client cannot hold a deploy.
 *
 * Used instead of Nest's enableShutdownHooks(), which re-raises the signal
 * after closing, so the process never exits 0, and has no grace period.
 */
export function closeGracefullyOnSignals(
  app: NestExpressApplication,
  graceMs: number,
): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = (signal: string): void => {
    if (closing) return;
    closing = true;
    const server = app.getHttpServer();
    const started = Date.now();
    logger.log(
      `${signal}: no new connections; finishing the requests in flight (up to ${graceMs} ms)`,
    );
    // server.close() (inside app.close()) ends idle keep-alive connections once;
    // connections that become idle after their last answer are ended here.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => {
      logger.warn(
        `Grace period of ${graceMs} ms over: closing the connections still open`,
      );
      server.closeAllConnections();
    }, graceMs);
    app
      .close()
      .then(() => {
        clearInterval(idle);
        clearTimeout(force);
        const connection = app.get<Connection>(getConnectionToken());
        logger.log(
          `Stopped after ${Date.now() - started} ms; database connection ${connection.readyState === mongoose.ConnectionStates.disconnected ? 'closed' : `in state ${mongoose.ConnectionStates[connection.readyState]}`}`,
        );
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(
          `Shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      });
  };
  for (const signal of SIGNALS) process.on(signal, () => close(signal));
}
