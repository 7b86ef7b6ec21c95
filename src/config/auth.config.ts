import { registerAs } from '@nestjs/config';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env.js';

class AuthEnv {
  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be between 1 and 86400' })
  @Max(86_400, { message: 'must be between 1 and 86400' })
  LOGIN_THROTTLE_WINDOW_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  LOGIN_MAX_FAILURES_PER_EMAIL?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  LOGIN_MAX_FAILURES_PER_IP?: number;
}

export const authConfig = registerAs('auth', () => {
  const env = validateEnv(AuthEnv);
  return {
    /** Failed logins are counted in fixed windows of this length (OWASP: lock out for a while, not for ever). */
    throttleWindowMs: (env.LOGIN_THROTTLE_WINDOW_SECONDS ?? 15 * 60) * 1000,
    /** Failures for one account within a window before further attempts get 429. */
    maxFailuresPerEmail: env.LOGIN_MAX_FAILURES_PER_EMAIL ?? 5,
    /** Failures from one client address within a window (many accounts tried from one place). */
    maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP ?? 20,
  };
});

export type AuthConfig = ReturnType<typeof authConfig>;
