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
  LOGIN_MAX_FAILURES_PER_CLIENT?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  LOGIN_MAX_FAILURES_PER_EMAIL?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  LOGIN_MAX_DEVICE_FAILURES_PER_EMAIL?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1 or more' })
  REGISTER_MAX_PER_IP?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be between 1 and 604800' })
  @Max(604_800, { message: 'must be between 1 and 604800' })
  REGISTER_WINDOW_SECONDS?: number;
}

export const authConfig = registerAs('auth', () => {
  const env = validateEnv(AuthEnv);
  return {
    /** Failed password checks count for this long (a sliding window; OWASP: slow down, never lock for ever). */
    throttleWindowMs: (env.LOGIN_THROTTLE_WINDOW_SECONDS ?? 15 * 60) * 1000,
    /**
     * Failures for one account from one client (its address, or a browser
     * the account logged in from before) within the window before that
     * client gets 429 for that account.
     */
    maxFailuresPerClient: env.LOGIN_MAX_FAILURES_PER_CLIENT ?? 5,
    /**
     * Failures for one account from clients it does not know, all addresses
     * together (guessing spread over many addresses): past it, only browsers
     * the account logged in from may still try, each within its own limit.
     */
    maxFailuresPerEmail: env.LOGIN_MAX_FAILURES_PER_EMAIL ?? 20,
    /**
     * Failures for one account from the browsers it logged in from, all of
     * them together: device cookies gathered by someone who knew the password
     * are worth this many guesses however many there are, not the per-client
     * limit each.
     */
    maxDeviceFailuresPerEmail: env.LOGIN_MAX_DEVICE_FAILURES_PER_EMAIL ?? 10,
    /** Failures from one address over every account (credential stuffing), clients the account knows aside. */
    maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP ?? 50,
    /** Registrations from one address within their window (taken emails count too). */
    maxRegistrationsPerIp: env.REGISTER_MAX_PER_IP ?? 10,
    registerWindowMs: (env.REGISTER_WINDOW_SECONDS ?? 3600) * 1000,
  };
});

export type AuthConfig = ReturnType<typeof authConfig>;
