import { ConsoleLogger, type ConsoleLoggerOptions } from '@nestjs/common';
import type { LogFormat } from '../config/log-format.js';

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
 * The app's logger: the framework's ConsoleLogger, as text lines (LOG_FORMAT=text,
 * the default) or one JSON record per line (LOG_FORMAT=json, the Docker
 * image's), structured fields at the top level of each record.
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
}
