import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SessionService } from '@nest-sessions/session';
import cookieParser from 'cookie-parser';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type {
  CookieOptions,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from 'express';
import { appConfig } from '../config/app.config.js';
import { sessionConfig } from '../config/session.config.js';
import type { MessageTemplate } from '../i18n/messages.js';
import { AuthEvents } from './auth-events.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const FORM_EXPIRED_MESSAGE =
  'This form has expired or did not come from this site, so nothing was changed. Reload the page and try again.' satisfies MessageTemplate;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection with signed double-submit tokens (csrf-csrf): the token sits
 * in a cookie and in every form (`_csrf`) or the `x-csrf-token` header, signed
 * with the session secrets and bound to the login (see sessionBinding). The
 * token never lives in the session, so looking at a form (the login page)
 * never creates a session document.
 * The second layer: requests that a browser marks as coming from another site
 * are refused before, by the framework's cross-origin check
 * (`app.enableCsrfProtection()` in configureApp).
 */
@Injectable()
export class CsrfService {
  readonly cookieName: string;
  private readonly csrf: DoubleCsrfUtilities;
  private readonly tokens = new WeakMap<Request, string>();

  constructor(
    @Inject(sessionConfig.KEY) session: ConfigType<typeof sessionConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly events: AuthEvents,
    sessions: SessionService,
  ) {
    this.cookieName = app.isProduction ? '__Host-csrf' : 'csrf';
    this.csrf = doubleCsrf({
      getSecret: () => session.secrets,
      getSessionIdentifier: sessionBinding,
      cookieName: this.cookieName,
      cookieOptions: sessions.cookieOptions,
      getCsrfTokenFromRequest: (req: Request) => {
        const body = req.body as Record<string, unknown> | undefined;
        const field = body?.[CSRF_FIELD];
        return typeof field === 'string' ? field : req.get(CSRF_HEADER);
      },
    });
  }

  /** cookie-parser, then the token check. */
  middleware(): RequestHandler[] {
    return [cookieParser(), this.protect];
  }

  /** The token for this request's forms (made once per request, set in the cookie). */
  tokenFor(req: Request, res: Response): string {
    let token = this.tokens.get(req);
    if (token === undefined) {
      token = this.csrf.generateCsrfToken(req, withoutRepeatedCookie(req, res));
      this.tokens.set(req, token);
    }
    return token;
  }

  private readonly protect = (
    req: Request,
    res: Response,
    next: NextFunction,
  ): void => {
    // Made only when a form reads it (pages without forms set no cookie), and
    // after the handler ran, so it is bound to the login as the response leaves.
    const tokenFor = () => this.tokenFor(req, res);
    res.locals.csrf = {
      get token() {
        return tokenFor();
      },
    };
    if (SAFE_METHODS.has(req.method)) return next();
    if (!this.csrf.validateRequest(req)) {
      this.events.record(req, 'csrf.refused', { reason: 'token' });
      return next(new ForbiddenException(FORM_EXPIRED_MESSAGE));
    }
    // Checked: not a field of any form DTO (the ValidationPipe refuses unknown fields).
    const body = req.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') delete body[CSRF_FIELD];
    next();
  };
}

/**
 * The response as csrf-csrf sees it: it sets its cookie on every call, even
 * when it reuses the one the request carries; such a repeat tells the browser
 * nothing, and a page that stores nothing should send no Set-Cookie at all.
 * csrf-csrf uses nothing of the response but `cookie()`, so that is all this
 * object has: a copy of the response made with Object.create(res) would turn
 * every response into a prototype, which V8 makes slower to use afterwards.
 */
function withoutRepeatedCookie(req: Request, res: Response): Response {
  const view: Pick<Response, 'cookie'> = {
    cookie: ((name: string, value: string, options: CookieOptions) => {
      const current = (req.cookies as Record<string, unknown> | undefined)?.[
        name
      ];
      return current === value ? res : res.cookie(name, value, options);
    }) as Response['cookie'],
  };
  return view as Response;
}

/**
 * What a token is bound to: the session ID while the visitor is logged in,
 * "anonymous" before. Logging in, logging out and changing the password all
 * change the session ID or the login, so tokens issued before stop working;
 * an anonymous visitor's first POST that creates a session does not
 * invalidate the forms already open in other tabs.
 */
function sessionBinding(req: Request): string {
  return req.session?.loggedin === true ? req.sessionID : 'anonymous';
}
