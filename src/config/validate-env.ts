import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A configuration problem, worded for the person starting the app. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment variables a config namespace reads, against a
 * class-validator class whose property names are the variable names. Throws one
 * ConfigError naming each bad variable and what is wrong with it.
 */
export function validateEnv<T extends object>(
  schema: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const values = Object.fromEntries(
    Object.entries(env).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const config = plainToInstance(schema, values, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const got = values[error.property];
      const reasons = Object.values(error.constraints ?? {}).join(', ');
      return `${error.property}: ${reasons}${got === undefined ? '' : ` (got "${got}")`}`;
    });
    throw new ConfigError(`Invalid environment: ${lines.join('; ')}`);
  }
  return config;
}
