import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
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
  };
});

export type SecurityConfig = ReturnType<typeof securityConfig>;
