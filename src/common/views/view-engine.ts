import hbs from 'hbs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { I18nService } from '../../i18n/i18n.service.js';
import { messageFrom, utcTime } from '../../i18n/messages.js';
import type { UrlForService, UrlValues } from '../routing/url-for.service.js';

export type ViewEngine = ReturnType<typeof hbs.create>;
type CompileOptions = Parameters<ViewEngine['handlebars']['compile']>[1];

/** Helpers a feature adds to the engine (the course's: its code and its steps), by name. */
export type ViewHelpers = Record<string, (...args: never[]) => unknown>;

/**
 * hbs with its own Handlebars instance: the helpers (url_for, t, translate, concat,
 * eq, formatDate, time), `extraHelpers`, and every partial under `partialsDir`. Only types
 * come from the services, so code without Nest (the benchmark's baseline) can
 * render the app's views with the same engine.
 */
export function createViewEngine(
  urls: Pick<UrlForService, 'urlFor'>,
  i18n: Pick<I18nService, 't' | 'message'>,
  partialsDir: string,
  extraHelpers: ViewHelpers = {},
): ViewEngine {
  const engine = hbs.create();
  // A partial called on a line of its own keeps that line's indentation in
  // the markup only, not inside the values it prints: without this,
  // Handlebars indents every line of a multi-line value, and the code the
  // course pages show in <pre> would shift.
  const { handlebars } = engine;
  const compile = handlebars.compile.bind(handlebars);
  handlebars.compile = ((input: string, options?: CompileOptions) =>
    compile(input, {
      preventIndent: true,
      ...options,
    })) as typeof handlebars.compile;

  engine.registerHelper(
    'url_for',
    (name: string, options: { hash?: UrlValues }) =>
      urls.urlFor(name, options?.hash ?? {}),
  );
  type HelperOptions = {
    hash?: Record<string, unknown>;
    data?: { root?: { lang?: string } };
  };
  // The language comes from the page's root context (res.locals.lang), also inside {{#each}}.
  engine.registerHelper('t', (key: string, options: HelperOptions) =>
    i18n.t(key, options.data?.root?.lang ?? 'en', options.hash),
  );
  // {{translate message values}} or {{translate messageObject}}: a message kept as an English
  // template, translated, then filled with its values. The result is plain
  // text, escaped by {{ }} like any value: the values may be the visitor's.
  engine.registerHelper('translate', (...args: unknown[]) => {
    const options = args.pop() as HelperOptions;
    const message = messageFrom(args[0], args[1]);
    return message
      ? i18n.message(message, options.data?.root?.lang ?? 'en')
      : '';
  });
  engine.registerHelper('concat', (...parts: unknown[]) =>
    parts.slice(0, -1).map(String).join(''),
  );
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('formatDate', (value: unknown) => {
    const date = dateOf(value);
    return date ? utcTime(date) : '';
  });
  // {{time value}}: the instant in UTC, exact in `datetime`; public/js/local-time.js
  // rewrites the text in the visitor's own time zone and language.
  engine.registerHelper('time', (value: unknown) => {
    const date = dateOf(value);
    if (!date) return '';
    const iso = `${date.toISOString().slice(0, 19)}Z`;
    return new engine.handlebars.SafeString(
      `<time datetime="${iso}">${utcTime(date)}</time>`,
    );
  });
  for (const [name, helper] of Object.entries(extraHelpers))
    engine.registerHelper(name, helper as (...args: unknown[]) => unknown);
  registerPartials(engine, partialsDir);
  return engine;
}

/** A date from a Date, an ISO string or milliseconds; null for anything else. */
function dateOf(value: unknown): Date | null {
  if (
    !(value instanceof Date) &&
    typeof value !== 'string' &&
    typeof value !== 'number'
  )
    return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Synchronous, unlike hbs.registerPartials, so the first request already has every partial. */
function registerPartials(engine: ViewEngine, dir: string): void {
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.hbs')) {
        const name = relative(dir, path)
          .replace(/\\/g, '/')
          .replace(/\.hbs$/, '');
        engine.registerPartial(name, readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
}
