import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import i18next, { type i18n as I18nInstance } from 'i18next';
import type { RequestSession } from '../session/session.service.js';
import { en, enMessages } from './locales/en.js';
import { fr, frMessages } from './locales/fr.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
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
 * the views, and `messages`, keyed by the English text itself, for flash and
 * validation messages, which the app stores as text in the session.
 */
@Injectable()
export class I18nService {
  private readonly i18n: I18nInstance = i18next.createInstance();

  constructor() {
    void this.i18n.init({
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
  }

  /** The text of `key` in `lang`; interpolated values are HTML-escaped. */
  t(key: string, lang: string, values: Record<string, unknown> = {}): string {
    return this.i18n.t(key, { ...values, lng: lang });
  }

  /** A message stored as English text (flash, validation), in `lang`; unknown ones stay as they are. */
  message(text: string, lang: string): string {
    return this.i18n.t(text, {
      lng: lang,
      ns: 'messages',
      keySeparator: false,
      nsSeparator: false,
      defaultValue: text,
      interpolation: { escapeValue: false },
    });
  }

  /** The visitor's language: their choice in the session, else Accept-Language, else English. */
  languageOf(req: Request): Language {
    const chosen = (req.session as RequestSession | undefined)?.lang;
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
