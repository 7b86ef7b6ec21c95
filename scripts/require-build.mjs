#!/usr/bin/env node
// `npm run start:prod` runs the build: without one, one line saying what to run,
// not Node's stack trace for a module it cannot find.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const missing = ['dist/main.js', 'packages/session/dist/index.js'].filter(
  (file) => !existsSync(join(ROOT, file)),
);
if (missing.length > 0) {
  console.error(
    `No build to run (${missing.join(' and ')} missing): run \`npm run build\` first, or \`npm start\`, which builds and runs the app in development.`,
  );
  process.exit(1);
}
