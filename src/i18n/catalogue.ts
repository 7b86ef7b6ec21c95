import i18next, { type i18n as I18nInstance } from 'i18next';
import { en, enMessages } from './locales/en.js';
import { fr, frMessages } from './locales/fr.js';
import { toMessage, type Message } from './messages.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

declare module '@nest-sessions/session' {
  interface SessionData {
    /** The interface language the visitor chose with the language switch. */
    lang?: Language;
  }
}
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * Translations with i18next. nestjs-i18n was the first choice, but its
 * CommonJS build `require`s @nestjs/common, which NestJS 12 publishes as ESM
 * only: Jest's ESM mode on Node 20 refuses that ("Must use import to load ES
 * Module"). i18next ships ESM and needs nothing from Nest.
 *
 * Two namespaces: `translation` (keys named after the page and the text) for
 * the views, and `messages`, keyed by the English template itself, for flash,
 * validation and error messages, which the app keeps as English templates
 * with their values (see messages.ts). The catalogues are fixed data, so one
 * instance serves the whole process, and code without injection (exceptions
 * building their English JSON text) uses it through translateMessage().
 */
const catalogue: I18nInstance = i18next.createInstance();
void catalogue.init({
  initAsync: false,
  resources: {
    en: { translation: en, messages: enMessages },
    fr: { translation: fr, messages: frMessages },
  },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: ['translation', 'messages'],
  defaultNS: 'translation',
  returnNull: false,
  showSupportNotice: false,
  // Not i18next's {{…}}: the texts quote Handlebars and Jinja code.
  interpolation: { prefix: '%{', suffix: '}' },
});

/**
 * The texts that need no values, resolved once per language: the catalogues
 * are fixed data, so `catalogue.t(key, { lng })` always gives the same text,
 * and a page asks for dozens of them. Every leaf key of either catalogue, in
 * every language (a key missing in one language resolves to the fallback's
 * text, as i18next does). Lookups with values, and keys that are not leaves
 * (plural stems such as `panel.bytes`), still go through i18next.
 */
const resolvedTexts: ReadonlyMap<string, ReadonlyMap<string, string>> = (() => {
  const keys = new Set<string>();
  const collect = (node: unknown, prefix: string): void => {
    if (typeof node === 'string') keys.add(prefix);
    else if (node && typeof node === 'object')
      for (const [key, child] of Object.entries(node))
        collect(child, prefix ? `${prefix}.${key}` : key);
  };
  collect(en, '');
  collect(fr, '');
  const byLanguage = new Map<string, Map<string, string>>();
  for (const lng of LANGUAGES) {
    const texts = new Map<string, string>();
    for (const key of keys) {
      const text: unknown = catalogue.t(key, { lng });
      if (typeof text === 'string') texts.set(key, text);
    }
    byLanguage.set(lng, texts);
  }
  return byLanguage;
})();

function hasValues(values: Record<string, unknown>): boolean {
  for (const key in values) if (Object.hasOwn(values, key)) return true;
  return false;
}

/**
 * Texts with values, as i18next gave them, kept for the next page that asks
 * for the same text with the same values (a panel's byte count, a session's
 * short ID): i18next's answer depends on nothing else. At most this many,
 * the oldest forgotten first.
 */
const MAX_REMEMBERED_TEXTS = 1000;
const rememberedTexts = new Map<string, string>();

/** The memory key of a lookup whose values are all strings, finite numbers or booleans (JSON keeps them apart); undefined for any other. */
function memoryKeyOf(
  key: string,
  lang: string,
  values: Record<string, unknown>,
): string | undefined {
  for (const name in values) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (
      typeof value !== 'string' &&
      typeof value !== 'boolean' &&
      !(typeof value === 'number' && Number.isFinite(value))
    )
      return undefined;
  }
  return `${lang}\u0000${key}\u0000${JSON.stringify(values)}`;
}

/**
 * A message in `lang`: the template translated (unknown ones stay as they
 * are), then its values put in. Values are inserted as they are, never read as
 * templates or `$t(…)` nesting (i18next's skipOnVariables); the result is plain
 * text that views escape with `{{translate …}}`, values included.
 */
export function translateMessage(
  message: string | Message,
  lang: string,
): string {
  const { text, values = {} } = toMessage(message);
  const count = values.count;
  return catalogue.t(text, {
    lng: lang,
    ns: 'messages',
    keySeparator: false,
    nsSeparator: false,
    defaultValue: text,
    // `replace` keeps the values apart from i18next's options: a value named
    // `lng` or `ns` is just a value.
    replace: { ...values },
    ...(typeof count === 'number' ? { count } : {}),
    interpolation: { escapeValue: false },
  });
}

/** The text of a view's `key` in `lang`; interpolated values are HTML-escaped. */
export function translateText(
  key: string,
  lang: string,
  values: Record<string, unknown> = {},
): string {
  if (!hasValues(values)) {
    const text = resolvedTexts.get(lang)?.get(key);
    if (text !== undefined) return text;
    return catalogue.t(key, { lng: lang });
  }
  const memoryKey = memoryKeyOf(key, lang, values);
  const known =
    memoryKey === undefined ? undefined : rememberedTexts.get(memoryKey);
  if (known !== undefined) return known;
  const text = catalogue.t(key, { ...values, lng: lang });
  if (memoryKey !== undefined && typeof text === 'string') {
    if (rememberedTexts.size >= MAX_REMEMBERED_TEXTS)
      rememberedTexts.delete(rememberedTexts.keys().next().value!);
    rememberedTexts.set(memoryKey, text);
  }
  return text;
}

/** A message in English: the text of JSON error answers and of Flask's bare get_flashed_messages(). */
export function englishOf(message: string | Message): string {
  return translateMessage(message, DEFAULT_LANGUAGE);
}
