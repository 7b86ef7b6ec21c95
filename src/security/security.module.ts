import { Global, Module } from '@nestjs/common';
import { AuthEvents } from './auth-events.js';
import { CsrfService } from './csrf.service.js';
import { MongoThrottlerStorage } from './mongo-throttler.storage.js';
import { NewSessionLimiter } from './new-session-limit.js';

/** Global: authentication events are recorded from every feature and from the exception filters. */
@Global()
@Module({
  providers: [
    CsrfService,
    AuthEvents,
    NewSessionLimiter,
    MongoThrottlerStorage,
  ],
  exports: [CsrfService, AuthEvents, NewSessionLimiter, MongoThrottlerStorage],
})
export class SecurityModule {}
