import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CLOCK, ClockModule, type Clock } from './common/clock.js';
import { CommonModule } from './common/common.module.js';
import { AccountModule } from './account/account.module.js';
import { AuthModule } from './auth/auth.module.js';
import { FormErrorsInterceptor } from './common/interceptors/form-errors.interceptor.js';
import { PageInterceptor } from './common/interceptors/page.interceptor.js';
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
import { FlashService } from './flash/flash.service.js';
import { NewSessionLimiter } from './security/new-session-limit.js';
import { SecurityModule } from './security/security.module.js';
import { SessionModule } from './session/session.module.js';

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
        waitQueueTimeoutMS: database.socketTimeoutMs,
        // Start-up reports an unreachable database at once instead of retrying for minutes.
        retryAttempts: 0,
      }),
    }),
    ClockModule,
    SessionModule.forRootAsync({
      isGlobal: true,
      imports: [SecurityModule],
      inject: [
        sessionConfig.KEY,
        appConfig.KEY,
        getConnectionToken(),
        FlashService,
        CLOCK,
        NewSessionLimiter,
      ],
      useFactory: (
        session: ConfigType<typeof sessionConfig>,
        app: ConfigType<typeof appConfig>,
        connection: Connection,
        flash: FlashService,
        clock: Clock,
        newSessions: NewSessionLimiter,
      ) => ({
        secrets: session.secrets,
        cookieName: session.cookieName,
        secureCookie: session.secureCookie,
        trustProxy: app.trustProxy,
        idleMs: session.idleMs,
        absoluteMs: session.absoluteMs,
        touchAfterMs: session.touchAfterSeconds * 1000,
        maxBytes: session.maxBytes,
        store:
          session.store === 'redis'
            ? { type: 'redis' as const, ...session.redis }
            : {
                type: 'mongodb' as const,
                // One connection pool for the app and its sessions, closed once on shutdown.
                client: connection.getClient(),
                collectionName: session.collectionName,
                autoRemove: session.autoRemove,
                autoRemoveIntervalMs: session.autoRemoveIntervalMs,
              },
        userIdOf: (data) => data.user?.id,
        loginMarker: {
          isLoggedIn: (data) => data.loggedin === true,
          onLoginEnded: (current) =>
            flash.flash(current, 'Your session has expired', 'warning'),
        },
        clock,
        admitNewSession: (req) => newSessions.admit(req),
      }),
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
  providers: [
    { provide: APP_INTERCEPTOR, useClass: PageInterceptor },
    { provide: APP_INTERCEPTOR, useClass: FormErrorsInterceptor },
  ],
})
export class AppModule {}
