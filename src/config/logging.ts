import type { LogLevel } from '@nestjs/common';
import { ConfigError } from './validate-env.js';

/*
 * The logger's settings, read before the app exists (the logger is made with
 * them, and start-up is logged through it): from the environment, or `.env`,
 * which ConfigModule has loaded into it by then.
 */

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** LOG_FORMAT: text (the default) or json. */
export function readLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return oneOf('LOG_FORMAT', LOG_FORMATS, 'text', env);
}

/** The levels LOG_LEVEL takes, quietest first; each shows itself and those before it. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/**
 * LOG_LEVEL (`log` by default), as the logger's list of levels: `warn` gives
 * errors and warnings, `debug` adds the framework's start-up lines (every
 * module and route), `verbose` everything. Fatal errors always show.
 */
export function readLogLevels(
  env: NodeJS.ProcessEnv = process.env,
): LogLevel[] {
  const level = oneOf('LOG_LEVEL', LOG_LEVELS, 'log', env);
  return ['fatal', ...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1)];
}

function oneOf<T extends string>(
  name: string,
  allowed: readonly T[],
  fallback: T,
  env: NodeJS.ProcessEnv,
): T {
  const value = env[name]?.trim().toLowerCase() || fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigError(
      `Invalid environment: ${name}: must be one of ${allowed.join(', ')} (got "${env[name]}")`,
    );
  return value as T;
}
