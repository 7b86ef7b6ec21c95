import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import {
  SessionCommitInterceptor,
  SessionModule,
} from '@nest-sessions/session';
import { MongoSessionStore } from '@nest-sessions/session/mongodb';
import { RedisSessionStore } from '@nest-sessions/session/redis';
import type { SessionData } from 'express-session';
import type { Request } from 'express';
import type { Connection } from 'mongoose';
import { describeClient } from './account/client-description.js';
import { CLOCK, ClockModule, type Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { AccountModule } from './account/account.module.js';
import { AuthModule } from './auth/auth.module.js';
import { FormErrorsInterceptor } from './common/interceptors/form-errors.interceptor.js';
import { ErrorFilter } from './common/filters/error.filter.js';
import { ViewLocalsInterceptor } from './common/views/view-locals.interceptor.js';
import { StoredSessionPanelInterceptor } from './course/stored-session-panel.interceptor.js';
import { NewSessionLimitInterceptor } from './security/new-session-limit.interceptor.js';
import { RoutingModule } from './common/routing/routing.module.js';
import { appConfig } from './config/app.config.js';
import { CONFIG_NAMESPACES } from './config/config-namespaces.js';
import { databaseConfig } from './config/database.config.js';
import { sessionConfig } from './config/session.config.js';
import { CounterModule } from './counter/counter.module.js';
import { CourseModule } from './course/course.module.js';
import { FlashModule } from './flash/flash.module.js';
import { HealthModule } from './health/health.module.js';
import { I18nModule } from './i18n/i18n.module.js';
import { DictionaryModule } from './dictionary/dictionary.module.js';
import { SecurityModule } from './security/security.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      load: CONFIG_NAMESPACES,
      ignoreEnvFile: process.env.NODE_ENV === 'test',
    }),
    MongooseModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (database: ConfigType<typeof databaseConfig>) => ({
        uri: database.uri,
        serverSelectionTimeoutMS: database.serverSelectionTimeoutMs,
        // A server that stops answering on open connections (no reset, no
        // refusal) fails an operation after this instead of holding it until
        // the monitor gives up on the server (30-40 s). See databaseConfig.
        socketTimeoutMS: database.socketTimeoutMs,
        waitQueueTimeoutMS: database.waitQueueTimeoutMs,
        // Start-up reports an unreachable database at once instead of retrying for minutes.
        retryAttempts: 0,
      }),
    }),
    ClockModule,
    SessionModule.forRootAsync({
      isGlobal: true,
      inject: [sessionConfig.KEY, appConfig.KEY, getConnectionToken(), CLOCK],
      useFactory: (
        session: ConfigType<typeof sessionConfig>,
        app: ConfigType<typeof appConfig>,
        connection: Connection,
        clock: Clock,
      ) => {
        const rules = {
          idleMs: session.idleMs,
          absoluteMs: session.absoluteMs,
          touchAfterMs: session.touchAfterMs,
          maxBytes: session.maxBytes,
          userIdOf: (data: Partial<SessionData>) => data.user?.id,
          clientOf: (req: Request) =>
            describeClient(req.headers['user-agent'], req.ip),
          clock,
        };
        return {
          secret: session.secrets,
          cookie: { name: session.cookieName, secure: session.secureCookie },
          trustProxy: app.trustProxy,
          store:
            session.store === 'redis'
              ? new RedisSessionStore({ ...rules, ...session.redis })
              : new MongoSessionStore({
                  ...rules,
                  // One connection pool for the app and its sessions, closed once on shutdown.
                  client: connection.getClient(),
                  autoRemove: session.autoRemove,
                  autoRemoveIntervalMs: session.autoRemoveIntervalMs,
                }),
        };
      },
    }),
    RoutingModule,
    I18nModule,
    FlashModule,
    CommonModule,
    SecurityModule,
    HealthModule,
    CounterModule,
    DictionaryModule,
    AuthModule,
    AccountModule,
    CourseModule,
  ],
  // The request pipeline around every handler, outermost first: each
  // interceptor's work after the handler runs in the reverse order.
  providers: [
    // 5. The course's panel of what the server stored, once the session is saved.
    { provide: APP_INTERCEPTOR, useClass: StoredSessionPanelInterceptor },
    // 4. The one save of the session: a failure is a 503, not a page claiming success.
    { provide: APP_INTERCEPTOR, useClass: SessionCommitInterceptor },
    // 3. A session stored for the first time counts against its address's limit.
    { provide: APP_INTERCEPTOR, useClass: NewSessionLimitInterceptor },
    // 2. Every page gets the session, the flash messages (taken) and the user.
    { provide: APP_INTERCEPTOR, useClass: ViewLocalsInterceptor },
    // 1. A refused form knows the view that shows it again.
    { provide: APP_INTERCEPTOR, useClass: FormErrorsInterceptor },
    // Every exception: a redirect, the form again, an error page, or JSON.
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class AppModule {}
