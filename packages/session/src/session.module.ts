import {
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SessionCommitInterceptor } from './session-commit.interceptor.js';
import { SessionStore } from './session-store.js';
import { SessionService } from './session.service.js';
import {
  ConfigurableSessionModule,
  SESSION_MODULE_OPTIONS,
  type SessionModuleOptions,
} from './session.options.js';

/**
 * Server-side sessions: express-session on a store that enforces the
 * timeouts. `SessionModule.forRoot({ secret, store })` (or forRootAsync),
 * then `app.use(app.get(SessionService).middleware())` in main.ts and
 * SessionCommitInterceptor as an APP_INTERCEPTOR, so that a session that
 * cannot be saved is a 503 instead of a page claiming success. The store is
 * started with the module and stopped with the app.
 */
@Module({
  providers: [
    {
      provide: SessionStore,
      inject: [SESSION_MODULE_OPTIONS],
      useFactory: (options: SessionModuleOptions) => options.store,
    },
    SessionService,
    SessionCommitInterceptor,
  ],
  exports: [SessionService, SessionStore, SessionCommitInterceptor],
})
export class SessionModule
  extends ConfigurableSessionModule
  implements OnModuleInit, OnApplicationShutdown
{
  constructor(@Inject(SessionStore) private readonly store: SessionStore) {
    super();
  }

  onModuleInit(): Promise<void> {
    return this.store.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.stop();
  }
}
