import { Module } from '@nestjs/common';
import { SessionCommitInterceptor } from './session-commit.interceptor.js';
import { SessionDataController } from './session-data.controller.js';
import { SessionDataService } from './session-data.service.js';
import { SessionExpiryService } from './session-expiry.service.js';
import { SessionService } from './session.service.js';

@Module({
  controllers: [SessionDataController],
  providers: [
    SessionService,
    SessionExpiryService,
    SessionDataService,
    SessionCommitInterceptor,
  ],
  exports: [SessionService, SessionExpiryService, SessionCommitInterceptor],
})
export class SessionModule {}
