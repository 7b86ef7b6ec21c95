import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SessionService } from '@nest-sessions/session';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule);
app.use(app.get(SessionService).middleware());
app.enableShutdownHooks();
await app.listen(process.env.PORT ?? 3000, '127.0.0.1');
