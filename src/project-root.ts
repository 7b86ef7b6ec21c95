import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: one level above src/ (ts-jest, nest start) or dist/ (built app). */
export const PROJECT_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
);
