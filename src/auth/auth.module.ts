import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
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
