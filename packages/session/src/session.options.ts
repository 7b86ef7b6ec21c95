import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SessionStore } from './session-store.js';

/** The options of SessionModule.forRoot / forRootAsync. */
export interface SessionModuleOptions {
  /** Cookie-signing secrets: the first signs, all verify (rotation). 32 random characters or more each. */
  secret: string | string[];
  /**
   * Where sessions are kept, with the timeouts it enforces:
   * `new MongoSessionStore({ client })` (`@nest-sessions/session/mongodb`) or
   * `new RedisSessionStore({ url })` (`@nest-sessions/session/redis`).
   */
  store: SessionStore;
  /** The session cookie. HttpOnly and SameSite=Lax always; its name is `sid` unless given. */
  cookie?: {
    name?: string;
    /** Sent over HTTPS only (and then the name can be `__Host-sid`). */
    secure?: boolean;
    sameSite?: 'lax' | 'strict';
  };
  /** Believe a proxy's X-Forwarded-Proto (express-session's `proxy`); set with Express's `trust proxy`. */
  trustProxy?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableSessionModule,
  MODULE_OPTIONS_TOKEN: SESSION_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<SessionModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
