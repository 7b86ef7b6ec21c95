import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';

interface Row {
  concept: string;
  source: string;
  testFile: string;
  testName: string;
}

const DOCUMENT = 'docs/flask-to-nestjs.md';

/** The table of docs/flask-to-nestjs.md: the text before its first "## " section. */
function tableSection(): string {
  const text = readFileSync(join(PROJECT_ROOT, DOCUMENT), 'utf8');
  if (!text.startsWith('# From Flask to NestJS\n'))
    throw new Error(`${DOCUMENT} does not start with "# From Flask to NestJS"`);
  const end = text.search(/^## /m);
  return end < 0 ? text : text.slice(0, end);
}

/** The rows of the table in docs/flask-to-nestjs.md. */
function tableRows(): Row[] {
  return tableSection()
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('| ') &&
        !line.startsWith('| Concept') &&
        !line.startsWith('| ---'),
    )
    .map((line) => {
      // Cells are split on " | ": code such as `a || b` would need escaping, and the table has none.
      const cells = line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim());
      if (cells.length !== 6) throw new Error(`a row without 6 cells: ${line}`);
      const test = /^`([^`]+)` › (.+)$/.exec(cells[5]);
      if (!test)
        throw new Error(`no \`file\` › name in the test cell: ${line}`);
      return {
        concept: cells[0],
        source: cells[3].replace(/`/g, ''),
        testFile: test[1],
        testName: test[2],
      };
    });
}

/** The names of the describe blocks of a test file. */
function describeNames(file: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  return [...text.matchAll(/describe\(\s*(['"`])(.+?)\1/g)].map((m) => m[2]);
}

describe('Course: the Flask to NestJS table', () => {
  const rows = tableRows();

  it('has a row for each concept of the course', () => {
    const concepts = rows.map((row) => row.concept);
    for (const concept of [
      'Session',
      'Storing data',
      'Reading data',
      'Removing data',
      'The counter',
      'Login',
      'Protected page',
      'Logout both ways',
      'Session in templates',
      'Timeout',
      'redirect()',
      'url_for()',
      'flash()',
      'get_flashed_messages()',
      'Cookie versus session',
    ])
      expect(concepts).toContain(concept);
  });

  it.each(rows.map((row) => [row.concept, row] as const))(
    '%s: the source file and the named e2e test exist',
    (_concept, row) => {
      expect(existsSync(join(PROJECT_ROOT, row.source))).toBe(true);
      expect(existsSync(join(PROJECT_ROOT, row.testFile))).toBe(true);
      expect(describeNames(row.testFile)).toContain(row.testName);
    },
  );
});
