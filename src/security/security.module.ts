import { Global, Module } from '@nestjs/common';
import { AuthEvents } from './auth-events.js';
import { CsrfService } from './csrf.service.js';
import { NewSessionLimiter } from './new-session-limit.js';

/** Global: authentication events are recorded from every feature and from the exception filters. */
@Global()
@Module({
  providers: [CsrfService, AuthEvents, NewSessionLimiter],
  exports: [CsrfService, AuthEvents, NewSessionLimiter],
})
export class SecurityModule {}
