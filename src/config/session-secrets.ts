import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { guessabilityOf } from '../common/guessability.js';
import { ConfigError } from './validate-env.js';

const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** log10 of the guesses a production secret must need, by zxcvbn's estimate. */
export const MIN_SECRET_GUESSES_LOG10 = 24;

/** The variables the secrets come from. */
export interface SecretEnv {
  SESSION_SECRET?: string;
  SESSION_SECRET_FILE?: string;
}

function splitSecrets(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}

/**
 * Where the signing secrets come from, in order: SESSION_SECRET (comma-separated,
 * the first signs, all verify), SESSION_SECRET_FILE (same format; the Docker
 * secrets convention), and outside production a secret generated once and kept
 * in a git-ignored file, so that sessions survive restarts.
 */
export function resolveSecrets(
  env: SecretEnv,
  isProduction: boolean,
): string[] {
  if (env.SESSION_SECRET !== undefined) {
    const secrets = splitSecrets(env.SESSION_SECRET);
    if (secrets.length === 0) {
      throw new ConfigError(
        'Invalid environment: SESSION_SECRET: holds no secret',
      );
    }
    return checkStrength(secrets, 'SESSION_SECRET', isProduction);
  }
  if (env.SESSION_SECRET_FILE !== undefined) {
    let content: string;
    try {
      content = readFileSync(env.SESSION_SECRET_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Invalid environment: SESSION_SECRET_FILE: cannot read "${env.SESSION_SECRET_FILE}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    const secrets = splitSecrets(content);
    if (secrets.length === 0) {
      throw new ConfigError(
        `Invalid environment: SESSION_SECRET_FILE: "${env.SESSION_SECRET_FILE}" holds no secret`,
      );
    }
    return checkStrength(secrets, 'SESSION_SECRET_FILE', isProduction);
  }
  if (isProduction) {
    throw new ConfigError(
      'Invalid environment: SESSION_SECRET: required when NODE_ENV=production (or set SESSION_SECRET_FILE)',
    );
  }
  return [developmentSecret()];
}

function checkStrength(
  secrets: string[],
  variable: string,
  isProduction: boolean,
): string[] {
  if (!isProduction) return secrets;
  const short = secrets.findIndex(
    (secret) => secret.length < MIN_PRODUCTION_SECRET_LENGTH,
  );
  if (short !== -1) {
    throw new ConfigError(
      `Invalid environment: ${variable}: secret number ${short + 1} is shorter than ${MIN_PRODUCTION_SECRET_LENGTH} characters, too weak for NODE_ENV=production`,
    );
  }
  // Long is not enough: 32 `a`s, `abab…` or `0123…` are found at once. The
  // password estimator must think the secret needs 10^24 guesses (about 80
  // bits); 32 random hex digits or base64 characters need 10^28 and more.
  const guessable = secrets.findIndex(
    (secret) => guessabilityOf(secret).guessesLog10 < MIN_SECRET_GUESSES_LOG10,
  );
  if (guessable !== -1) {
    throw new ConfigError(
      `Invalid environment: ${variable}: secret number ${guessable + 1} has too little variety for NODE_ENV=production (repeats, sequences, keyboard walks or words): use 32 or more random characters, e.g. node -e "console.log(require('node:crypto').randomBytes(48).toString('base64url'))"`,
    );
  }
  return secrets;
}

export const DEV_SECRET_FILE = '.session-secret';

function developmentSecret(): string {
  const file = resolve(process.cwd(), DEV_SECRET_FILE);
  if (existsSync(file)) {
    const [secret] = splitSecrets(readFileSync(file, 'utf8'));
    if (secret) return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  new Logger('Config').warn(
    `No SESSION_SECRET given: generated one and saved it in ${file} (git-ignored) so sessions survive restarts. Set SESSION_SECRET in production.`,
  );
  return secret;
}
