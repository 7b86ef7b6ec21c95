import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type {
  CookieOptions,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from 'express';
import i18next, { type i18n as I18nInstance } from 'i18next';
import onHeaders from 'on-headers';
import { localPath } from '../auth/local-path.js';
import { rawCookie } from '../session/raw-cookie.js';
import { appConfig } from '../config/app.config.js';
import { sessionConfig } from '../config/session.config.js';
import type { RequestSession } from '../session/session.service.js';
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

/** How long the language cookie lasts: a preference, not a login. */
export const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * The visitor's language, and where it is kept. The language switch stores
 * the choice in the session, as the course does with preferences; the
 * session ends at logout, so the choice is also kept in a cookie of its own
 * (`lang`, `__Host-lang` in production), which this service reads first and
 * sets whenever the session's choice differs from it. Error pages, which set
 * no cookie and so carry no form, switch with a link to GET /language/:lang.
 */
@Injectable()
export class I18nService {
  readonly cookieName: string;
  private readonly cookieOptions: CookieOptions;
  /** The language a response's cookie will hold, when this request set it. */
  private readonly cookieSent = new WeakMap<Request, Language>();

  constructor(
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @Inject(sessionConfig.KEY) session: ConfigType<typeof sessionConfig>,
  ) {
    this.cookieName = app.isProduction ? '__Host-lang' : 'lang';
    this.cookieOptions = {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: session.secureCookie,
      maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
    };
  }

  /** The text of `key` in `lang`; interpolated values are HTML-escaped. */
  t(key: string, lang: string, values: Record<string, unknown> = {}): string {
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

  /** A message kept as an English template (flash, validation, error), in `lang`. */
  message(message: string | Message, lang: string): string {
    return translateMessage(message, lang);
  }

  /**
   * The visitor's language: the cookie, else their choice in the session (a
   * session from before the cookie), else Accept-Language, else English.
   */
  languageOf(req: Request): Language {
    const kept = this.cookieLanguage(req);
    if (kept) return kept;
    const chosen = (req.session as RequestSession | undefined)?.lang;
    if (isLanguage(chosen)) return chosen;
    if (!req.headers['accept-language']) return DEFAULT_LANGUAGE;
    const accepted = req.acceptsLanguages(...LANGUAGES);
    return isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
  }

  /** The language the request's cookie holds, if it holds one. */
  cookieLanguage(req: Request): Language | undefined {
    const value = rawCookie(req.headers.cookie, this.cookieName);
    return isLanguage(value) ? value : undefined;
  }

  /** Keeps `lang` as the visitor's language: in the cookie, and in the session if it holds a choice. */
  remember(req: Request, res: Response, lang: Language): void {
    const session = req.session as RequestSession | undefined;
    if (session?.lang !== undefined) session.lang = lang;
    if (this.cookieLanguage(req) !== lang) {
      res.cookie(this.cookieName, lang, this.cookieOptions);
      this.cookieSent.set(req, lang);
    }
  }

  /**
   * The middleware, in two parts. `early` runs before the body parsers and the
   * session, so even the pages of refused bodies are in the cookie's
   * language; `withSession` refines it with the session's choice and keeps
   * the cookie in step with that choice once the handler has run.
   */
  middleware(): { early: RequestHandler; withSession: RequestHandler } {
    const early = (req: Request, res: Response, next: NextFunction): void => {
      res.locals.lang = this.languageOf(req);
      res.locals.languageReturn = returnPathOf(req);
      // Pages differ by Accept-Language and the cookie: shared caches must not mix languages.
      res.vary('Accept-Language');
      res.vary('Cookie');
      next();
    };
    const withSession = (
      req: Request,
      res: Response,
      next: NextFunction,
    ): void => {
      res.locals.lang = this.languageOf(req);
      const carried = this.cookieLanguage(req);
      onHeaders(res, () => {
        const chosen = (req.session as RequestSession | undefined)?.lang;
        const kept = this.cookieSent.get(req) ?? carried;
        if (isLanguage(chosen) && chosen !== kept)
          res.cookie(this.cookieName, chosen, this.cookieOptions);
      });
      next();
    };
    return { early, withSession };
  }
}

/**
 * Where a language link on this page leads back to: the page itself for a
 * GET, else the page the form was sent from (Referer: same-origin only, see
 * security-headers.ts), else the home page.
 */
function returnPathOf(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD')
    return localPath(req.originalUrl) ?? '/';
  const referer = req.get('referer');
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    if (url.host !== req.get('host')) return '/';
    return localPath(`${url.pathname}${url.search}`) ?? '/';
  } catch {
    return '/';
  }
}
