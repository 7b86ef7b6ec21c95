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
 * Translations with i18next (docs/flask-to-nestjs.md says why not nestjs-i18n: the
 * catalogues here are TypeScript, type-checked against each other, and
 * messages are keyed by their English template, which i18next serves as it
 * is; nestjs-i18n would add a module and JSON files for no gain).
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
  return catalogue.t(key, { ...values, lng: lang });
}

/** A message in English: the text of JSON error answers and of Flask's bare get_flashed_messages(). */
export function englishOf(message: string | Message): string {
  return translateMessage(message, DEFAULT_LANGUAGE);
}
