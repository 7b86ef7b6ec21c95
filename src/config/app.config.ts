import { registerAs } from '@nestjs/config';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import { readNodeEnv } from './node-env.js';
import { validateEnv } from './validate-env.js';

// Reads the raw variable: with implicit conversion, `value` has already been through
// Boolean(), which turns "false" into true.
const toBoolean = ({
  obj,
  key,
}: {
  obj: Record<string, unknown>;
  key: string;
}): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};

/** Where the app listens when HOST is not set: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** An address to listen on: an IPv4 or IPv6 address, or a host name such as localhost. */
export function isListenHost(value: unknown): boolean {
  return (
    typeof value === 'string' && (isIP(value) !== 0 || HOST_NAME.test(value))
  );
}

class AppEnv {
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  PORT?: number;

  @IsOptional()
  @ValidateBy({
    name: 'isListenHost',
    validator: {
      validate: isListenHost,
      defaultMessage: () =>
        'must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface), :: or a host name',
    },
  })
  HOST?: string;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO_USER?: boolean;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(0, { message: 'must be 0 or more' })
  SHUTDOWN_GRACE_MS?: number;
}

export const appConfig = registerAs('app', () => {
  const env = validateEnv(AppEnv);
  const nodeEnv = readNodeEnv();
  return {
    nodeEnv,
    isProduction: nodeEnv === 'production',
    port: env.PORT ?? 3000,
    /** The address to listen on: loopback unless HOST says otherwise (the Docker image sets 0.0.0.0). */
    host: env.HOST ?? DEFAULT_HOST,
    /** Trust X-Forwarded-* from one proxy hop (for apps behind a reverse proxy). */
    trustProxy: env.TRUST_PROXY ?? false,
    /** Create the course's demo account at start-up (off in production by default). */
    seedDemoUser: env.SEED_DEMO_USER ?? nodeEnv !== 'production',
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? 10_000,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
