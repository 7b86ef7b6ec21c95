import { registerAs } from '@nestjs/config';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { maskRedisUrl } from '@nest-sessions/session/redis';
import { readNodeEnv } from './node-env.js';
import { resolveSecrets } from './session-secrets.js';
import { ConfigError, validateEnv } from './validate-env.js';

export const AUTOREMOVE_MODES = ['native', 'interval', 'disabled'] as const;
export type AutoRemoveMode = (typeof AUTOREMOVE_MODES)[number];

export const SESSION_STORES = ['mongodb', 'redis'] as const;
export type SessionStoreKind = (typeof SESSION_STORES)[number];

const REDIS_URL = /^rediss?:\/\/[^\s,]+$/;

class SessionEnv {
  @IsOptional()
  @IsString()
  SESSION_SECRET?: string;

  @IsOptional()
  @IsString()
  SESSION_SECRET_FILE?: string;

  @IsOptional()
  @IsNumber({}, { message: 'must be a number of minutes' })
  @Min(0.001, { message: 'must be more than 0' })
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @IsNumber({}, { message: 'must be a number of hours' })
  @Min(0.0001, { message: 'must be more than 0' })
  SESSION_ABSOLUTE_HOURS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0, { message: 'must be 0 or more' })
  @Max(86_400, { message: 'must be at most 86400' })
  SESSION_TOUCH_AFTER_SECONDS?: number;

  @IsOptional()
  @IsIn(AUTOREMOVE_MODES, {
    message: `must be one of ${AUTOREMOVE_MODES.join(', ')}`,
  })
  SESSION_AUTOREMOVE?: AutoRemoveMode;

  @IsOptional()
  @IsNumber({}, { message: 'must be a number of seconds' })
  @Min(0.1, { message: 'must be at least 0.1' })
  SESSION_AUTOREMOVE_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of kilobytes' })
  @Min(1, { message: 'must be at least 1' })
  @Max(15_000, {
    message: 'must be at most 15000 (MongoDB documents hold 16 MB)',
  })
  SESSION_MAX_KB?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of sessions' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  SESSIONS_PER_ACCOUNT?: number;

  @IsOptional()
  @IsIn(SESSION_STORES, {
    message: `must be one of ${SESSION_STORES.join(', ')}`,
  })
  SESSION_STORE?: SessionStoreKind;

  @IsOptional()
  @Matches(REDIS_URL, {
    message: 'must be a Redis URL (redis://host:port or rediss://host:port)',
  })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, {
    message:
      'must be a comma-separated list of Redis URLs (redis://host:port,redis://host:port)',
  })
  REDIS_CLUSTER_NODES?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, {
    message:
      'must be 1 to 64 letters, digits or _ . : - (no braces: they would change the Redis Cluster slot)',
  })
  REDIS_KEY_PREFIX?: string;
}

/** The Redis the sessions go to, when SESSION_STORE=redis. */
function redisTarget(env: SessionEnv): {
  url?: string;
  clusterNodes?: string[];
  prefix?: string;
} {
  const prefix = env.REDIS_KEY_PREFIX;
  if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = env.REDIS_CLUSTER_NODES.split(',').map((node) => node.trim());
    const bad = nodes.find((node) => !REDIS_URL.test(node));
    if (bad !== undefined)
      throw new ConfigError(
        `Invalid environment: REDIS_CLUSTER_NODES: "${maskRedisUrl(bad)}" is not a Redis URL (redis://host:port)`,
      );
    return { clusterNodes: nodes, prefix };
  }
  return { url: env.REDIS_URL, prefix };
}

/** Minutes, hours, seconds or kilobytes as the unit the store takes; undefined keeps the store's default. */
function scaled(value: number | undefined, factor: number): number | undefined {
  return value === undefined ? undefined : Math.round(value * factor);
}

/**
 * The session settings from the environment. What is not set stays
 * undefined, and the session package's defaults apply (30 minutes idle, 24
 * hours absolute, touchAfter min(60 s, idle / 10), 256 KiB, a TTL index):
 * each default is written once, there.
 */
export const sessionConfig = registerAs('session', () => {
  const env = validateEnv(SessionEnv);
  const isProduction = readNodeEnv() === 'production';
  return {
    secrets: resolveSecrets(env, isProduction),
    /** `__Host-` binds the cookie to this host over HTTPS; browsers refuse it without Secure. */
    cookieName: isProduction ? '__Host-sid' : 'sid',
    secureCookie: isProduction,
    idleMs: scaled(env.SESSION_IDLE_MINUTES, 60_000),
    absoluteMs: scaled(env.SESSION_ABSOLUTE_HOURS, 3_600_000),
    touchAfterMs: scaled(env.SESSION_TOUCH_AFTER_SECONDS, 1000),
    autoRemove: env.SESSION_AUTOREMOVE,
    autoRemoveIntervalMs: scaled(env.SESSION_AUTOREMOVE_INTERVAL_SECONDS, 1000),
    maxBytes: scaled(env.SESSION_MAX_KB, 1024),
    /** An account's live sessions at most: a login beyond ends the least recently used. */
    perAccount: env.SESSIONS_PER_ACCOUNT ?? 50,
    /** Where sessions are kept; users and login throttling stay in MongoDB. */
    store: env.SESSION_STORE ?? 'mongodb',
    redis: redisTarget(env),
  };
});

export type SessionConfig = ReturnType<typeof sessionConfig>;
