import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type {
  CookieOptions,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from 'express';
import onHeaders from 'on-headers';
import { localPath } from '../common/local-path.js';
import { rawCookie } from '../common/raw-cookie.js';
import { appConfig } from '../config/app.config.js';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  isLanguage,
  translateMessage,
  translateText,
  type Language,
} from './catalogue.js';
import type { Message } from './messages.js';

export {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  englishOf,
  isLanguage,
  translateMessage,
  type Language,
} from './catalogue.js';

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
    @Inject(appConfig.KEY)
    app: Pick<ConfigType<typeof appConfig>, 'isProduction'>,
    // By its token: the narrow type (the benchmark's baseline passes a plain
    // object) leaves no class in the parameter's metadata for Nest to inject.
    @Inject(SessionService) sessions: Pick<SessionService, 'cookieOptions'>,
  ) {
    this.cookieName = app.isProduction ? '__Host-lang' : 'lang';
    this.cookieOptions = {
      ...sessions.cookieOptions,
      maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
    };
  }

  /** The text of `key` in `lang`; interpolated values are HTML-escaped. */
  t(key: string, lang: string, values: Record<string, unknown> = {}): string {
    return translateText(key, lang, values);
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
