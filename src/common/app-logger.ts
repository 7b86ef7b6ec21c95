import { ConsoleLogger, type ConsoleLoggerOptions } from '@nestjs/common';
import type { LogFormat } from '../config/logging.js';

/**
 * Field names masked in any logged object, however deep: a secret passed to a
 * log call by mistake shows as "[REDACTED]". Defence in depth: the app's own
 * records never carry them.
 */
export const REDACTED_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'confirm',
  'confirmPassword',
  '_csrf',
  'token',
  'secret',
  'cookie',
  'authorization',
  'passwordHash',
];

/**
 * The framework's start-up narration: every module loaded, every route
 * mapped, "starting", "started". Logged at debug level (LOG_LEVEL=debug shows
 * them), so that a start prints what it says about this app first.
 */
export const FRAMEWORK_START_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The app's logger: the framework's ConsoleLogger, as text lines (LOG_FORMAT=text,
 * the default) or one JSON record per line (LOG_FORMAT=json, the Docker
 * image's), structured fields at the top level of each record. Its levels
 * come from LOG_LEVEL (`options.logLevels`).
 */
export class AppLogger extends ConsoleLogger {
  constructor(format: LogFormat, options: ConsoleLoggerOptions = {}) {
    super({
      json: format === 'json',
      flattenParams: true,
      redact: REDACTED_FIELDS,
      ...options,
    });
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && FRAMEWORK_START_CONTEXTS.has(context))
      super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
