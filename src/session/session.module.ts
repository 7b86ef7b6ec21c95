import {
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SessionCommitInterceptor } from './session-commit.interceptor.js';
import {
  ConfigurableSessionModule,
  SESSION_MODULE_OPTIONS,
} from './session.module-definition.js';
import type { SessionModuleOptions, StoreSettings } from './session-options.js';
import { SessionService } from './session.service.js';
import { MongoSessionStore } from './stores/mongo-session.store.js';
import { RedisSessionStore } from './stores/redis-session.store.js';
import { SessionStore } from './stores/session-store.js';

/**
 * Server-side sessions: express-session with a store that enforces the
 * timeouts, writes key by key and keeps a user's sessions findable. Depends
 * on nothing of the app: give it the options (secrets, timeouts, the
 * database client) with forRoot / forRootAsync, put
 * `SessionService.middleware()` in the Express pipeline, and register
 * SessionCommitInterceptor (or call `SessionService.commit()`) so that a
 * failed save is a 503 instead of a page claiming success.
 */
@Module({
  providers: [
    {
      provide: SessionStore,
      inject: [SESSION_MODULE_OPTIONS],
      useFactory: createStore,
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

  async onModuleInit(): Promise<void> {
    await this.store.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.stop();
  }
}

/** The store the options ask for. */
export function createStore(options: SessionModuleOptions): SessionStore {
  const settings: StoreSettings = {
    idleMs: options.idleMs,
    absoluteMs: options.absoluteMs,
    touchAfterMs:
      options.touchAfterMs ?? Math.min(60_000, Math.floor(options.idleMs / 10)),
    clock: options.clock ?? Date.now,
    userIdOf: options.userIdOf,
    cookie: {
      originalMaxAge: null,
      path: '/',
      httpOnly: true,
      secure: options.secureCookie ?? false,
      sameSite: 'lax',
    },
  };
  const { store } = options;
  if (store.type === 'redis') return new RedisSessionStore(settings, store);
  return new MongoSessionStore(settings, {
    client: store.client,
    collectionName: store.collectionName ?? 'sessions',
    autoRemove: store.autoRemove ?? 'native',
    autoRemoveIntervalMs: store.autoRemoveIntervalMs ?? 60_000,
  });
}
