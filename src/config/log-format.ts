import { ConfigError } from './validate-env.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** LOG_FORMAT (text by default), read before the app exists: the logger is made with it. */
export function readLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  const value = env.LOG_FORMAT?.trim().toLowerCase() || 'text';
  if (!(LOG_FORMATS as readonly string[]).includes(value))
    throw new ConfigError(
      `Invalid environment: LOG_FORMAT: must be one of ${LOG_FORMATS.join(', ')} (got "${env.LOG_FORMAT}")`,
    );
  return value as LogFormat;
}
