import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import {
  SessionCommitInterceptor,
  SessionModule,
} from '@nest-sessions/session';
import { MongoSessionStore } from '@nest-sessions/session/mongodb';
import type { Connection } from 'mongoose';
import { VisitsController } from './visits.controller.js';

@Module({
  imports: [
    MongooseModule.forRoot(
      process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/app',
    ),
    SessionModule.forRootAsync({
      inject: [getConnectionToken()],
      useFactory: (connection: Connection) => ({
        secret: process.env.SESSION_SECRET!,
        // Sessions in the app's own database, through mongoose's client.
        store: new MongoSessionStore({
          client: connection.getClient(),
          idleMs: 30 * 60_000,
          absoluteMs: 24 * 3_600_000,
          userIdOf: (data) => data.user,
        }),
      }),
    }),
  ],
  controllers: [VisitsController],
  // Saves each session before the response: a failed save is a 503, never a page claiming success.
  providers: [{ provide: APP_INTERCEPTOR, useClass: SessionCommitInterceptor }],
})
export class AppModule {}
