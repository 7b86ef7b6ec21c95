import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = dirname(dirname(fileURLToPath(import.meta.url)));
const EXAMPLE = join(PACKAGE, 'example', 'src');

/** The README's ```ts blocks, as written. */
function codeBlocks(): string[] {
  const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('The README’s quick start', () => {
  it.each(readdirSync(EXAMPLE))(
    'shows example/src/%s as it is, the file CI builds into a new app',
    (file) => {
      expect(codeBlocks()).toContain(readFileSync(join(EXAMPLE, file), 'utf8'));
    },
  );
});
