import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { AuthenticatedGuard } from './guards/authenticated.guard.js';
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
  providers: [AuthService, LoginThrottleService, AuthenticatedGuard],
  exports: [AuthService, AuthenticatedGuard],
})
export class AuthModule {}
