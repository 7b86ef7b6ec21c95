import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionData } from 'express-session';
import i18next, { type i18n as I18nInstance } from 'i18next';
import { en, enMessages } from './locales/en.js';
import { fr, frMessages } from './locales/fr.js';
import { toMessage, type Message } from './messages.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

declare module 'express-session' {
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
 * A message in `lang`: the template translated (unknown ones stay as they
 * are), then its values put in. Values are inserted as they are, never read as
 * templates or `$t(…)` nesting (i18next's skipOnVariables); the result is plain
 * text that views escape with `{{tm …}}`, values included.
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

/** A message in English: the text of JSON error answers and of Flask's bare get_flashed_messages(). */
export function englishOf(message: string | Message): string {
  return translateMessage(message, DEFAULT_LANGUAGE);
}

@Injectable()
export class I18nService {
  /** The text of `key` in `lang`; interpolated values are HTML-escaped. */
  t(key: string, lang: string, values: Record<string, unknown> = {}): string {
    return catalogue.t(key, { ...values, lng: lang });
  }

  /** A message kept as an English template (flash, validation, error), in `lang`. */
  message(message: string | Message, lang: string): string {
    return translateMessage(message, lang);
  }

  /** The visitor's language: their choice in the session, else Accept-Language, else English. */
  languageOf(req: Request): Language {
    const chosen = (req.session as Partial<SessionData> | undefined)?.lang;
    if (isLanguage(chosen)) return chosen;
    if (!req.headers['accept-language']) return DEFAULT_LANGUAGE;
    const accepted = req.acceptsLanguages(...LANGUAGES);
    return isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
  }

  /** Puts the language in res.locals, which every rendered view (error pages too) receives. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      res.locals.lang = this.languageOf(req);
      // Pages differ by Accept-Language: shared caches must not mix languages.
      res.vary('Accept-Language');
      next();
    };
  }
}
