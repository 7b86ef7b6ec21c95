import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerModule } from '@nestjs/throttler';
import { authConfig } from '../config/auth.config.js';
import { MongoThrottlerStorage } from '../security/mongo-throttler.storage.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthenticatedGuard } from './guards/authenticated.guard.js';
import { LoginDevices } from './login-devices.js';
import { LoginMarker } from './login-marker.js';
import { LoginThrottleService } from './login-throttle.service.js';
import {
  LoginAttempt,
  LoginAttemptSchema,
} from './schemas/login-attempt.schema.js';

@Module({
  imports: [
    UsersModule,
    MongooseModule.forFeature([
      { name: LoginAttempt.name, schema: LoginAttemptSchema },
    ]),
    // The per-address limit of registrations (RegistrationThrottlerGuard), counted in MongoDB.
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY, MongoThrottlerStorage],
      useFactory: (
        auth: ConfigType<typeof authConfig>,
        storage: MongoThrottlerStorage,
      ) => ({
        throttlers: [
          {
            name: 'registrations',
            limit: auth.maxRegistrationsPerIp,
            ttl: auth.registerWindowMs,
          },
        ],
        storage,
        setHeaders: false,
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    LoginThrottleService,
    LoginDevices,
    LoginMarker,
    AuthenticatedGuard,
    // Every route of the app is for logged-in users unless marked @Public().
    { provide: APP_GUARD, useExisting: AuthenticatedGuard },
  ],
  exports: [AuthService, LoginThrottleService, LoginDevices, LoginMarker],
})
export class AuthModule {}
