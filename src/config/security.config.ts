import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { validateEnv } from './validate-env.js';

/** `scheme://host[:port]`: no path, query, fragment, credentials or wildcard. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\@*\s]+$/i;

class SecurityEnv {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0)
      : value,
  )
  @Matches(ORIGIN, {
    each: true,
    message:
      'must be origins such as https://example.org, comma-separated, without a path',
  })
  TRUSTED_ORIGINS?: string[];

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  NEW_SESSIONS_PER_IP?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be between 1 and 86400' })
  @Max(86_400, { message: 'must be between 1 and 86400' })
  NEW_SESSIONS_WINDOW_SECONDS?: number;

  @IsOptional()
  @IsNumber({}, { message: 'must be a number of minutes' })
  @Min(0.01, { message: 'must be at least 0.01' })
  @Max(1440, { message: 'must be at most 1440' })
  FRESH_LOGIN_MINUTES?: number;
}

export const securityConfig = registerAs('security', () => {
  const env = validateEnv(SecurityEnv);
  return {
    /**
     * Origins whose state-changing requests pass the cross-origin check even
     * when the browser sends no Sec-Fetch-Site and their Origin does not match
     * the Host the app receives: the public origin behind a proxy that
     * rewrites Host, for browsers that send only Origin.
     */
    trustedOrigins: env.TRUSTED_ORIGINS ?? [],
    /** New sessions one address may make within the window (see NewSessionLimiter). */
    newSessionsPerIp: env.NEW_SESSIONS_PER_IP ?? 100,
    newSessionsWindowMs: (env.NEW_SESSIONS_WINDOW_SECONDS ?? 600) * 1000,
    /**
     * How recent the last password check of a session must be for a
     * sensitive action (@RequiresFreshLogin): older, the password is asked
     * again first.
     */
    freshLoginMs: Math.round((env.FRESH_LOGIN_MINUTES ?? 10) * 60_000),
  };
});

export type SecurityConfig = ReturnType<typeof securityConfig>;
