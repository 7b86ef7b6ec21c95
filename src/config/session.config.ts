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
import { maskRedisUrl } from '../session/stores/redis-connection.js';
import { readNodeEnv } from './node-env.js';
import { resolveSecrets } from './session-secrets.js';
import { ConfigError, validateEnv } from './validate-env.js';

export const AUTOREMOVE_MODES = ['native', 'interval'] as const;
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
  prefix: string;
} {
  const prefix = env.REDIS_KEY_PREFIX ?? 'sess:';
  if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = env.REDIS_CLUSTER_NODES.split(',').map((node) => node.trim());
    const bad = nodes.find((node) => !REDIS_URL.test(node));
    if (bad !== undefined)
      throw new ConfigError(
        `Invalid environment: REDIS_CLUSTER_NODES: "${maskRedisUrl(bad)}" is not a Redis URL (redis://host:port)`,
      );
    return { clusterNodes: nodes, prefix };
  }
  return { url: env.REDIS_URL ?? DEFAULT_REDIS_URL, prefix };
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const sessionConfig = registerAs('session', () => {
  const env = validateEnv(SessionEnv);
  const isProduction = readNodeEnv() === 'production';
  const idleMs = Math.round((env.SESSION_IDLE_MINUTES ?? 30) * 60_000);
  const absoluteMs = Math.round((env.SESSION_ABSOLUTE_HOURS ?? 24) * 3_600_000);
  return {
    secrets: resolveSecrets(env, isProduction),
    /** `__Host-` binds the cookie to this host over HTTPS; browsers refuse it without Secure. */
    cookieName: isProduction ? '__Host-sid' : 'sid',
    secureCookie: isProduction,
    collectionName: 'sessions',
    /** Idle timeout: every request that uses the session pushes the expiry back by this much. */
    idleMs,
    /** Absolute lifetime, counted from the session's creation, whatever the activity. */
    absoluteMs,
    /**
     * An unchanged session's expiry is rewritten at most this often, so reads stay
     * reads. The effective idle timeout lies between idle - touchAfter and idle.
     */
    touchAfterSeconds:
      env.SESSION_TOUCH_AFTER_SECONDS ??
      Math.min(60, Math.floor(idleMs / 10_000)),
    /** native: a TTL index, falling back to interval removal where the server refuses TTL indexes. */
    autoRemove: env.SESSION_AUTOREMOVE ?? 'native',
    autoRemoveIntervalMs: Math.round(
      (env.SESSION_AUTOREMOVE_INTERVAL_SECONDS ?? 60) * 1000,
    ),
    /** The most a session may hold (bytes): a request that would grow it further gets 413. */
    maxBytes: (env.SESSION_MAX_KB ?? 256) * 1024,
    /** Where sessions are kept; users and login throttling stay in MongoDB. */
    store: env.SESSION_STORE ?? 'mongodb',
    redis: redisTarget(env),
  };
});

export type SessionConfig = ReturnType<typeof sessionConfig>;
