export {
  SessionStoreUnavailableError,
  SessionTooLargeError,
} from './errors.js';
export type { RequestSession, SessionData } from './session-data.js';
export { SessionCommitInterceptor } from './session-commit.interceptor.js';
export {
  DEFAULT_ABSOLUTE_MS,
  DEFAULT_IDLE_MS,
  DEFAULT_MAX_BYTES,
  SessionStore,
  type SessionRules,
  type StoredSession,
  type UserSession,
} from './session-store.js';
export type { CookieAttributes } from './session.middleware.js';
export { SessionModule } from './session.module.js';
export {
  SESSION_MODULE_OPTIONS,
  type SessionModuleOptions,
} from './session.options.js';
export {
  SESSION_NOT_SAVED_MESSAGE,
  SESSION_TOO_LARGE_MESSAGE,
  SessionService,
  type RegenerateOptions,
} from './session.service.js';
