import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountSessionsController } from './account-sessions.controller.js';
import { AccountSessionsService } from './account-sessions.service.js';
import { AccountController } from './account.controller.js';
import { PasswordChangeService } from './password-change.service.js';

@Module({
  imports: [AuthModule, UsersModule],
  controllers: [AccountController, AccountSessionsController],
  providers: [AccountSessionsService, PasswordChangeService],
})
export class AccountModule {}
