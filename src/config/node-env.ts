import { IsIn, IsOptional } from 'class-validator';
import { validateEnv } from './validate-env.js';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

class NodeEnvSchema {
  @IsOptional()
  @IsIn(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV?: NodeEnv;
}

/**
 * NODE_ENV, validated in this one place for every config namespace that
 * depends on it; `development` when unset.
 */
export function readNodeEnv(env: NodeJS.ProcessEnv = process.env): NodeEnv {
  return validateEnv(NodeEnvSchema, env).NODE_ENV ?? 'development';
}
