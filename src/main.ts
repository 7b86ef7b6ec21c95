import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { appConfig } from './config/app.config.js';
import { describeStartupError } from './config/startup-errors.js';
import { closeGracefullyOnSignals } from './graceful-shutdown.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    abortOnError: false,
  });
  configureApp(app);
  const { port, shutdownGraceMs } = app.get<ConfigType<typeof appConfig>>(
    appConfig.KEY,
  );
  closeGracefullyOnSignals(app, shutdownGraceMs);
  await app.listen(port);
  new Logger('Bootstrap').log(`Listening on http://localhost:${port}`);
}

bootstrap().catch((error: unknown) => {
  // One readable line instead of a stack trace: what is wrong and how to fix it.
  console.error(describeStartupError(error));
  process.exit(1);
});
