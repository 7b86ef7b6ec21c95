import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { AppModule } from './app.module.js';
import { AppLogger } from './common/app-logger.js';
import { readLogFormat, readLogLevels } from './config/logging.js';
import { configureApp } from './app.setup.js';
import { appConfig, type AppConfig } from './config/app.config.js';
import { describeStartupError } from './config/startup-errors.js';
import { DEMO_USER } from './users/users.service.js';

/** Beyond the grace period, this long again for the database to close before giving up. */
const FORCED_EXIT_AFTER_GRACE_MS = 5_000;

async function bootstrap(): Promise<void> {
  // LOG_FORMAT=json (the Docker image's): one JSON record per line.
  // LOG_LEVEL=debug: the framework's module and route lines too.
  const logger = new AppLogger(readLogFormat(), {
    logLevels: readLogLevels(),
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger,
    bodyParser: false,
    abortOnError: false,
    // Start-up logs are held back until the app listens: a failed start prints
    // the one line from describeStartupError, not Nest's stack traces.
    bufferLogs: true,
    autoFlushLogs: false,
  });
  // Registered before configureApp's own call (which then does nothing for these
  // signals) so that a clean shutdown ends with exit code 0. Nest's default
  // re-raises the signal instead, which PID 1 in a container ignores.
  app.enableShutdownHooks([], { useProcessExit: true });
  configureApp(app);
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(config.port, config.host);
  // Where to go and how to log in come first, then what was held back.
  logger.log(listeningLine(config), 'Bootstrap');
  logger.log(modeLine(config), 'Bootstrap');
  app.flushLogs();
  limitShutdownTime(app.getHttpServer(), config.shutdownGraceMs);
}

function listeningLine({ host, port }: AppConfig): string {
  const everywhere = host === '0.0.0.0' || host === '::';
  const shown = everywhere
    ? 'localhost'
    : host.includes(':')
      ? `[${host}]`
      : host;
  return everywhere
    ? `Listening on http://${shown}:${port} and every other address of this machine (HOST=${host})`
    : `Listening on http://${shown}:${port}`;
}

/** Development and production differ in ways that matter: say which one runs. */
function modeLine({ nodeEnv, seedDemoUser }: AppConfig): string {
  const demo = seedDemoUser
    ? `the demo account ${DEMO_USER.email} / ${DEMO_USER.password} exists`
    : 'no demo account';
  if (nodeEnv === 'production')
    return `Production mode (NODE_ENV=production): Secure __Host- cookies, a real SESSION_SECRET, ${demo}${seedDemoUser ? ' (SEED_DEMO_USER=true)' : ''}`;
  return `${nodeEnv === 'test' ? 'Test' : 'Development'} mode (NODE_ENV=${nodeEnv}): ${demo}, cookies without Secure; not for production (there: NODE_ENV=production, as \`npm run start:prod\` and the Docker image set it)`;
}

/**
 * On SIGTERM/SIGINT Nest closes the HTTP server (no new connections; idle
 * keep-alive connections close at once), waits for the requests in flight,
 * then closes the database. Requests still running after the grace period are
 * cut off so that the shutdown ends; a second signal ends the process at once.
 */
function limitShutdownTime(server: Server, graceMs: number): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    const logger = new Logger('Shutdown');
    if (signals > 1) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    logger.log(
      `${signal}: finishing open requests (up to ${graceMs} ms), then closing`,
    );
    setTimeout(() => {
      logger.warn(`Grace period over: closing remaining connections`);
      server.closeAllConnections();
    }, graceMs).unref();
    setTimeout(() => {
      logger.error('Shutdown did not finish in time: exiting');
      process.exit(1);
    }, graceMs + FORCED_EXIT_AFTER_GRACE_MS).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

bootstrap().catch((error: unknown) => {
  // One readable line instead of a stack trace: what is wrong and how to fix it.
  console.error(describeStartupError(error));
  process.exit(1);
});
