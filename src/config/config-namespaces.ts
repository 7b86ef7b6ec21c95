import { appConfig } from './app.config.js';
import { authConfig } from './auth.config.js';
import { databaseConfig } from './database.config.js';
import { securityConfig } from './security.config.js';
import { sessionConfig } from './session.config.js';

/** Every validated config namespace of the app, as ConfigModule loads them. */
export const CONFIG_NAMESPACES = [
  appConfig,
  databaseConfig,
  sessionConfig,
  authConfig,
  securityConfig,
];
