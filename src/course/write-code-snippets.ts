import { writeFileSync } from 'node:fs';
import { BUILT_SNIPPETS, readSourceSnippets } from './code-snippets.js';

/**
 * Run by `npm run build`, after `nest build`: the TypeScript the course pages
 * show, taken from the sources into dist/ (the Docker image has dist/, views/
 * and public/, no src/). A snippet whose anchor is gone fails the build.
 */
const snippets = readSourceSnippets();
writeFileSync(BUILT_SNIPPETS, `${JSON.stringify(snippets, null, 1)}\n`);
