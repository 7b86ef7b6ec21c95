import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../project-root.js';

/**
 * Where the code a course page shows is found in the project.
 *
 * TypeScript, by anchors: each is the start of a line (spaces aside), looked
 * for inside the block of the one before, and the last one's block is the
 * snippet: the declaration with its decorators, down to its closing line at
 * the same indentation (Prettier's, which the lint enforces). Overloads that
 * follow each other are one block. An anchor can span lines ("a\nb": a line
 * starting with `a`, the next with `b`). No marker goes into the files, so
 * the code reads as it always does, and a rename fails the snippet's test.
 *
 * Views, by markers (they have no declarations to anchor on): the lines
 * between `{{!-- #region course:<name> --}}` and `{{!-- #endregion --}}`.
 */
export type SnippetSource =
  | { readonly file: string; readonly find: readonly string[] }
  | { readonly file: string; readonly region: string };

export interface CodeSnippet {
  id: string;
  /** From the project root. */
  file: string;
  /** The snippet's first line in the file, from 1. */
  line: number;
  text: string;
}

/** The app's code shown on the course pages, by id (the pages name them). */
export const CODE_SNIPPETS = {
  'session.module': {
    file: 'src/app.module.ts',
    find: ['SessionModule.forRootAsync('],
  },
  'session.middleware': {
    file: 'packages/session/src/session.middleware.ts',
    find: ['export function sessionMiddleware(', 'const handler = session({'],
  },
  'dictionary.set': {
    file: 'src/dictionary/session-data.service.ts',
    find: ['export class SessionDataService', 'set('],
  },
  'dictionary.setKey': {
    file: 'src/dictionary/session-data.controller.ts',
    find: ['export class SessionDataController', 'setKey('],
  },
  'dictionary.read': {
    file: 'src/dictionary/session-data.service.ts',
    find: ['export class SessionDataService', 'read('],
  },
  'dictionary.pop': {
    file: 'src/dictionary/session-data.service.ts',
    find: ['export class SessionDataService', 'pop('],
  },
  'dictionary.clear': {
    file: 'src/dictionary/session-data.service.ts',
    find: ['export class SessionDataService', 'clear('],
  },
  'counter.index': {
    file: 'src/counter/counter.controller.ts',
    find: ['export class CounterController', 'index('],
  },
  'counter.increment': {
    file: 'src/counter/counter.service.ts',
    find: ['export class CounterService', 'increment('],
  },
  'auth.authenticate': {
    file: 'src/auth/auth.service.ts',
    find: ['export class AuthService', 'async authenticate('],
  },
  'auth.logIn': {
    file: 'src/auth/auth.service.ts',
    find: ['export class AuthService', 'async logIn('],
  },
  'auth.afterLogin': {
    file: 'src/auth/auth.controller.ts',
    find: ['export class AuthController', 'private afterLogin('],
  },
  'auth.guard': {
    file: 'src/auth/guards/authenticated.guard.ts',
    find: ['export class AuthenticatedGuard', 'canActivate('],
  },
  'auth.appGuard': {
    file: 'src/auth/auth.module.ts',
    find: ['{ provide: APP_GUARD'],
  },
  'auth.public': {
    file: 'src/auth/decorators/public.decorator.ts',
    find: ['export const Public ='],
  },
  'auth.freshLogin': {
    file: 'src/auth/fresh-login.guard.ts',
    find: ['export const RequiresFreshLogin'],
  },
  'account.revokeOthers': {
    file: 'src/account/account-sessions.controller.ts',
    find: [
      'export class AccountSessionsController',
      'async revokeOtherSessions(',
    ],
  },
  'account.secret': {
    file: 'src/account/account.controller.ts',
    find: ['export class AccountController', 'secret('],
  },
  'auth.logout': {
    file: 'src/auth/auth.controller.ts',
    find: ['export class AuthController', 'logout('],
  },
  'auth.logOut': {
    file: 'src/auth/auth.service.ts',
    find: ['export class AuthService', 'logOut('],
  },
  'templates.view': {
    file: 'views/course/templates.hbs',
    region: 'templates',
  },
  'templates.locals': {
    file: 'src/common/views/view-locals.service.ts',
    find: ['export class ViewLocalsService', 'sessionView('],
  },
  'timeout.expiry': {
    file: 'packages/session/src/session-store.ts',
    find: ['private expiryOf('],
  },
  'timeout.demo': {
    file: 'src/course/timeout-demo.service.ts',
    find: ['export class TimeoutDemoService', 'start('],
  },
  'timeout.permanent': {
    file: 'packages/session/src/session.service.ts',
    find: ['export class SessionService', 'setPermanent('],
  },
  'redirect.handler': {
    file: 'src/course/course.controller.ts',
    find: ['export class CourseController', 'redirectGo('],
  },
  'urlFor.service': {
    file: 'src/common/routing/url-for.service.ts',
    find: ['urlFor(name: string'],
  },
  'urlFor.helper': {
    file: 'src/common/views/view-engine.ts',
    find: [
      'export function createViewEngine(',
      "engine.registerHelper(\n'url_for'",
    ],
  },
  'urlFor.view': {
    file: 'views/partials/nav.hbs',
    region: 'url-for',
  },
  'flash.flash': {
    file: 'src/flash/flash.service.ts',
    find: ['export class FlashService', 'flash('],
  },
  'flash.handler': {
    file: 'src/course/course.controller.ts',
    find: ['export class CourseController', 'flashMessage('],
  },
  'flashes.view': {
    file: 'views/partials/flashes.hbs',
    region: 'flashes',
  },
  'flashes.read': {
    file: 'src/flash/flash.service.ts',
    find: ['export class FlashService', 'getFlashedMessages('],
  },
  'flashes.locals': {
    file: 'src/common/views/view-locals.service.ts',
    find: ['export class ViewLocalsService', 'build('],
  },
  'cookie.attributes': {
    file: 'packages/session/src/session.middleware.ts',
    find: ['export function cookieAttributesOf('],
  },
  'cookie.document': {
    file: 'packages/session/src/mongodb.ts',
    find: ['protected layout('],
  },
} as const satisfies Record<string, SnippetSource>;

export type SnippetId = keyof typeof CODE_SNIPPETS;

export class SnippetNotFoundError extends Error {}

/** The snippets the build writes into dist/, beside this module: the Docker image has no src/. */
export const BUILT_SNIPPETS = fileURLToPath(
  new URL('./code-snippets.json', import.meta.url),
);

const REGION_START = (name: string) => `{{!-- #region course:${name} --}}`;
const REGION_END = '{{!-- #endregion --}}';

/** The code `where` names in a file's text: its first line (from 1) and the text, unindented. */
export function extractSnippet(
  source: string,
  where: SnippetSource,
): { line: number; text: string } {
  const lines = source.split('\n');
  const [start, end] =
    'region' in where
      ? regionOf(lines, where.region)
      : where.find.reduce<[number, number]>(
          ([from, to], anchor) => blockOf(lines, from, to, anchor),
          [0, lines.length],
        );
  const shown = lines.slice(start, end);
  const indent = Math.min(
    ...shown.filter((line) => line.trim() !== '').map(indentOf),
  );
  return {
    line: start + 1,
    text: shown.map((line) => line.slice(indent).trimEnd()).join('\n'),
  };
}

/** One snippet, read from its file under `root`. */
export function readSnippet(id: SnippetId, root = PROJECT_ROOT): CodeSnippet {
  const where: SnippetSource = CODE_SNIPPETS[id];
  const path = join(root, where.file);
  if (!existsSync(path))
    throw new SnippetNotFoundError(
      `The course's code snippet "${id}" comes from ${where.file}, which is not there`,
    );
  try {
    return {
      id,
      file: where.file,
      ...extractSnippet(readFileSync(path, 'utf8'), where),
    };
  } catch (error) {
    if (error instanceof SnippetNotFoundError)
      throw new SnippetNotFoundError(
        `The course's code snippet "${id}": ${error.message} in ${where.file}`,
      );
    throw error;
  }
}

export function isViewSnippet(id: SnippetId): boolean {
  return CODE_SNIPPETS[id].file.startsWith('views/');
}

/** Every snippet taken from TypeScript sources: what the build writes to BUILT_SNIPPETS. */
export function readSourceSnippets(root = PROJECT_ROOT): CodeSnippet[] {
  return snippetIds()
    .filter((id) => !isViewSnippet(id))
    .map((id) => readSnippet(id, root));
}

export function snippetIds(): SnippetId[] {
  return Object.keys(CODE_SNIPPETS) as SnippetId[];
}

/**
 * Every snippet, once, at start-up. Views are shipped, so their snippets are
 * read from them. TypeScript ones come from the file the build wrote beside
 * this module (what runs is what was built), or, without it (the tests, `nest
 * start`), from the sources. Throws when a snippet can be found in neither,
 * naming it: a page must not show a gap where its code should be.
 */
export function loadCodeSnippets(
  root = PROJECT_ROOT,
  built = BUILT_SNIPPETS,
): Map<SnippetId, CodeSnippet> {
  const fromBuild = existsSync(built)
    ? new Map(
        (JSON.parse(readFileSync(built, 'utf8')) as CodeSnippet[]).map(
          (snippet) => [snippet.id, snippet],
        ),
      )
    : null;
  const snippets = new Map<SnippetId, CodeSnippet>();
  for (const id of snippetIds()) {
    const snippet =
      isViewSnippet(id) || !fromBuild
        ? readSnippet(id, root)
        : fromBuild.get(id);
    if (!snippet)
      throw new SnippetNotFoundError(
        `The course's code snippet "${id}" is not in ${built}: build the app again (npm run build)`,
      );
    snippets.set(id, snippet);
  }
  return snippets;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Whether the line opens a block it does not close (`{`, `(`, `[`, `=>` at its end). */
function opens(line: string): boolean {
  return /(?:[{([]|=>)\s*$/.test(line);
}

/** The lines of the first block in [from, to) that starts with `anchor`, as [start, end). */
function blockOf(
  lines: string[],
  from: number,
  to: number,
  anchor: string,
): [number, number] {
  const parts = anchor.split('\n');
  const startsAt = (index: number) =>
    parts.every((part, offset) =>
      (lines[index + offset] ?? '').trimStart().startsWith(part),
    );
  let start = from;
  while (start < to && !startsAt(start)) start += 1;
  if (start >= to)
    throw new SnippetNotFoundError(`no line starts with "${anchor}"`);
  const indent = indentOf(lines[start]);
  let end = endOfBlock(lines, start, to, indent);
  // Overloads, then the implementation: one block.
  while (end < to && startsAt(end) && indentOf(lines[end]) === indent)
    end = endOfBlock(lines, end, to, indent);
  // Decorators belong to what they decorate.
  while (
    start > from &&
    indentOf(lines[start - 1]) === indent &&
    lines[start - 1].trimStart().startsWith('@')
  )
    start -= 1;
  return [start, end];
}

/**
 * The end (exclusive) of the block that starts at `start`: the lines indented
 * deeper, then the closing line at `indent` (`}`, `)`, `]`), unless that line
 * opens again (`} else {`, `): Promise<void> {`).
 */
function endOfBlock(
  lines: string[],
  start: number,
  to: number,
  indent: number,
): number {
  let index = start;
  let open = opens(lines[start]);
  while (open) {
    index += 1;
    while (
      index < to &&
      (lines[index].trim() === '' || indentOf(lines[index]) > indent)
    )
      index += 1;
    const line = lines[index] ?? '';
    if (
      index >= to ||
      indentOf(line) < indent ||
      !/^[}\])]/.test(line.trimStart())
    ) {
      // Trailing blank lines are not the block's.
      while (lines[index - 1].trim() === '') index -= 1;
      return index;
    }
    open = opens(line);
  }
  // A declaration on one line, or continued by deeper lines (an arrow's body).
  if (index === start) {
    index += 1;
    while (
      index < to &&
      indentOf(lines[index]) > indent &&
      lines[index].trim() !== ''
    )
      index += 1;
    return index;
  }
  return index + 1;
}

/** The lines between a region's markers, as [start, end). */
function regionOf(lines: string[], name: string): [number, number] {
  const start = lines.findIndex((line) => line.includes(REGION_START(name)));
  if (start < 0)
    throw new SnippetNotFoundError(`no ${REGION_START(name)} marker`);
  const end = lines.findIndex(
    (line, index) => index > start && line.includes(REGION_END),
  );
  if (end < 0)
    throw new SnippetNotFoundError(`no ${REGION_END} after course:${name}`);
  return [start + 1, end];
}
