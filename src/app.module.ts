import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { CommonModule } from './common/common.module.js';
import { AccountModule } from './account/account.module.js';
import { AuthModule } from './auth/auth.module.js';
import { FormErrorsInterceptor } from './common/interceptors/form-errors.interceptor.js';
import { ViewLocalsInterceptor } from './common/interceptors/view-locals.interceptor.js';
import { RoutingModule } from './common/routing/routing.module.js';
import { CONFIG_NAMESPACES } from './config/config-namespaces.js';
import { databaseConfig } from './config/database.config.js';
import { CounterModule } from './counter/counter.module.js';
import { CourseModule } from './course/course.module.js';
import { StoredSessionInterceptor } from './course/stored-session.interceptor.js';
import { FlashModule } from './flash/flash.module.js';
import { HealthModule } from './health/health.module.js';
import { I18nModule } from './i18n/i18n.module.js';
import { SessionCommitInterceptor } from './session/session-commit.interceptor.js';
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
        // Start-up reports an unreachable database at once instead of retrying for minutes.
        retryAttempts: 0,
      }),
    }),
    RoutingModule,
    I18nModule,
    FlashModule,
    SessionModule,
    CommonModule,
    SecurityModule,
    HealthModule,
    CounterModule,
    AuthModule,
    AccountModule,
    CourseModule,
  ],
  providers: [
    // Outermost first: the session is saved after the view has consumed its flash messages,
    // and the course pages read the saved session document after that.
    { provide: APP_INTERCEPTOR, useExisting: StoredSessionInterceptor },
    { provide: APP_INTERCEPTOR, useExisting: SessionCommitInterceptor },
    { provide: APP_INTERCEPTOR, useClass: FormErrorsInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ViewLocalsInterceptor },
  ],
})
export class AppModule {}
