import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import {
  CODE_SNIPPETS,
  extractSnippet,
  loadCodeSnippets,
  readSnippet,
  readSourceSnippets,
  snippetIds,
  SnippetNotFoundError,
} from './code-snippets.js';
import { FLASK_CODE } from './flask-code.js';

/** Every view of the app, as text. */
function views(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(PROJECT_ROOT, folder), {
      withFileTypes: true,
    })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.hbs'))
        found.push({
          file: path,
          text: readFileSync(join(PROJECT_ROOT, path), 'utf8'),
        });
    }
  };
  walk('views');
  return found;
}

/** The names the views give in `attribute='a b'` (`nest='auth.guard auth.public'`). */
function namedIn(attribute: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const { file, text } of views())
    for (const match of text.matchAll(
      new RegExp(`\\b${attribute}='([^']*)'`, 'g'),
    ))
      for (const name of match[1].split(/\s+/).filter(Boolean))
        names.set(name, [...(names.get(name) ?? []), file]);
  return names;
}

describe('The code the course pages show', () => {
  it.each(snippetIds())(
    '%s is the text of its file as it is now, from the line it names',
    (id) => {
      const snippet = readSnippet(id);
      const where = CODE_SNIPPETS[id];
      expect(snippet.text.trim()).not.toBe('');
      const fileLines = readFileSync(
        join(PROJECT_ROOT, snippet.file),
        'utf8',
      ).split('\n');
      const shown = snippet.text.split('\n');
      const inFile = fileLines.slice(
        snippet.line - 1,
        snippet.line - 1 + shown.length,
      );
      const indent = inFile[0].length - inFile[0].trimStart().length;
      expect(inFile.map((line) => line.slice(indent).trimEnd())).toEqual(shown);
      if ('find' in where) {
        // The block is the last anchor's: the first line past the decorators starts with it.
        const first = shown.find((line) => !line.startsWith('@')) ?? '';
        expect(first.startsWith(where.find.at(-1)!.split('\n')[0])).toBe(true);
      }
    },
  );

  it('every name a view gives exists, and every snippet is on a page', () => {
    const nest = namedIn('nest');
    const unknown = [...nest.keys()].filter(
      (name) => !Object.hasOwn(CODE_SNIPPETS, name),
    );
    expect(unknown).toEqual([]);
    expect(snippetIds().filter((id) => !nest.has(id))).toEqual([]);

    const flask = namedIn('flask');
    expect(
      [...flask.keys()].filter((name) => !Object.hasOwn(FLASK_CODE, name)),
    ).toEqual([]);
    expect(Object.keys(FLASK_CODE).filter((id) => !flask.has(id))).toEqual([]);
  });

  describe('the build, for an app without its sources (the Docker image)', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'code-snippets-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('writes what the sources give, and the app reads the same from it', () => {
      const built = join(dir, 'code-snippets.json');
      writeFileSync(built, JSON.stringify(readSourceSnippets()));
      expect(loadCodeSnippets(PROJECT_ROOT, built)).toEqual(
        loadCodeSnippets(PROJECT_ROOT, join(dir, 'none.json')),
      );
    });

    it('reads views from the views, which the image has, and TypeScript from the build only', () => {
      const built = join(dir, 'code-snippets.json');
      writeFileSync(built, JSON.stringify(readSourceSnippets()));
      const image = join(dir, 'image');
      // The image: views/ and the build's file, no src/ nor packages/.
      for (const { file, text } of views()) {
        mkdirSync(join(image, dirname(file)), { recursive: true });
        writeFileSync(join(image, file), text);
      }
      const snippets = loadCodeSnippets(image, built);
      expect([...snippets.keys()]).toEqual(snippetIds());
      expect(snippets.get('auth.guard')).toEqual(readSnippet('auth.guard'));
      expect(snippets.get('flashes.view')).toEqual(readSnippet('flashes.view'));
    });

    it('refuses to start when the build lacks a snippet, naming it', () => {
      const built = join(dir, 'code-snippets.json');
      writeFileSync(
        built,
        JSON.stringify(
          readSourceSnippets().filter(({ id }) => id !== 'auth.guard'),
        ),
      );
      expect(() => loadCodeSnippets(PROJECT_ROOT, built)).toThrow(
        /"auth\.guard" is not in .*code-snippets\.json: build the app again/,
      );
    });

    it('fails, naming the snippet and its file, when an anchor is gone from the source', () => {
      const file = CODE_SNIPPETS['auth.guard'].file;
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      writeFileSync(
        join(dir, file),
        readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(
          'canActivate(',
          'allows(',
        ),
      );
      expect(() => readSnippet('auth.guard', dir)).toThrow(
        new SnippetNotFoundError(
          `The course's code snippet "auth.guard": no line starts with "canActivate(" in ${file}`,
        ),
      );
    });

    it('fails when a view loses its marker', () => {
      const file = CODE_SNIPPETS['flashes.view'].file;
      mkdirSync(join(dir, dirname(file)), { recursive: true });
      writeFileSync(
        join(dir, file),
        readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(
          '{{!-- #endregion --}}',
          '',
        ),
      );
      expect(() => readSnippet('flashes.view', dir)).toThrow(
        /"flashes\.view": no \{\{!-- #endregion --\}\} after course:flashes/,
      );
    });
  });
});

describe('extractSnippet', () => {
  const source = [
    "import { Get } from '@nestjs/common';",
    '',
    '/** A controller. */',
    'export class ThingsController {',
    '  constructor(private readonly things: Things) {}',
    '',
    "  @Get('things')",
    "  @Render('things')",
    '  async list(',
    '    first: number,',
    '    last: number,',
    '  ): Promise<Thing[]> {',
    '    if (first > last) {',
    '      return [];',
    '    } else {',
    '      return this.things.between(first, last);',
    '    }',
    '  }',
    '',
    '  read(id: string): Thing;',
    '  read(id: number): Thing;',
    '  read(id: string | number): Thing {',
    '    return this.things.get(String(id));',
    '  }',
    '}',
    '',
    'export const Open = (): MethodDecorator =>',
    '  SetMetadata(OPEN, true);',
    '',
    'const providers = [',
    '  Things,',
    '  { provide: APP_GUARD, useExisting: OpenGuard },',
    '];',
    '',
  ].join('\n');

  it('takes a method with its decorators and a signature on several lines, unindented', () => {
    expect(
      extractSnippet(source, {
        file: 'x.ts',
        find: ['export class', 'async list('],
      }),
    ).toEqual({
      line: 7,
      text: [
        "@Get('things')",
        "@Render('things')",
        'async list(',
        '  first: number,',
        '  last: number,',
        '): Promise<Thing[]> {',
        '  if (first > last) {',
        '    return [];',
        '  } else {',
        '    return this.things.between(first, last);',
        '  }',
        '}',
      ].join('\n'),
    });
  });

  it('takes overloads and their implementation as one', () => {
    expect(extractSnippet(source, { file: 'x.ts', find: ['read('] }).text).toBe(
      [
        'read(id: string): Thing;',
        'read(id: number): Thing;',
        'read(id: string | number): Thing {',
        '  return this.things.get(String(id));',
        '}',
      ].join('\n'),
    );
  });

  it('takes an arrow continued on the next line, and a line of its own', () => {
    expect(
      extractSnippet(source, { file: 'x.ts', find: ['export const Open'] })
        .text,
    ).toBe(
      'export const Open = (): MethodDecorator =>\n  SetMetadata(OPEN, true);',
    );
    expect(
      extractSnippet(source, { file: 'x.ts', find: ['{ provide: APP_GUARD'] }),
    ).toEqual({
      line: 32,
      text: '{ provide: APP_GUARD, useExisting: OpenGuard },',
    });
  });

  it('looks for each anchor inside the block of the one before', () => {
    expect(() =>
      extractSnippet(source, {
        file: 'x.ts',
        find: ['export class ThingsController', 'export const Open'],
      }),
    ).toThrow(
      new SnippetNotFoundError('no line starts with "export const Open"'),
    );
  });

  it('takes the lines between a view’s markers', () => {
    const view = [
      '<div>',
      '  {{!-- #region course:links --}}',
      '  <a href="{{url_for \'login\'}}">Log in</a>',
      '  {{!-- #endregion --}}',
      '</div>',
    ].join('\n');
    expect(extractSnippet(view, { file: 'x.hbs', region: 'links' })).toEqual({
      line: 3,
      text: '<a href="{{url_for \'login\'}}">Log in</a>',
    });
    expect(() =>
      extractSnippet(view, { file: 'x.hbs', region: 'other' }),
    ).toThrow(SnippetNotFoundError);
  });
});
