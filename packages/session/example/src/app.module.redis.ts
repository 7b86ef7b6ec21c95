import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import {
  SessionCommitInterceptor,
  SessionModule,
} from '@nest-sessions/session';
import { RedisSessionStore } from '@nest-sessions/session/redis';
import { VisitsController } from './visits.controller.js';

@Module({
  imports: [
    SessionModule.forRoot({
      secret: process.env.SESSION_SECRET!,
      store: new RedisSessionStore({
        url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        idleMs: 30 * 60_000,
        absoluteMs: 24 * 3_600_000,
        userIdOf: (data) => data.user,
      }),
    }),
  ],
  controllers: [VisitsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: SessionCommitInterceptor }],
})
export class AppModule {}
