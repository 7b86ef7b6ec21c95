import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
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

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const FORM_EXPIRED_MESSAGE =
  'This form has expired or did not come from this site, so nothing was changed. Reload the page and try again.';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection with signed double-submit tokens (csrf-csrf): the token sits
 * in a cookie and in every form (`_csrf`) or the `x-csrf-token` header, signed
 * with the session secrets and bound to the session ID. A visitor who has no
 * stored session yet (the login page) gets a token bound to "anonymous", so
 * looking at a form never creates a session document; once a session exists,
 * tokens are bound to its ID, so a new ID (login, logout) invalidates them.
 * Requests that a browser marks as coming from another site are refused first.
 */
@Injectable()
export class CsrfService {
  readonly cookieName: string;
  private readonly csrf: DoubleCsrfUtilities;
  private readonly tokens = new WeakMap<Request, string>();

  constructor(
    @Inject(sessionConfig.KEY) session: ConfigType<typeof sessionConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.cookieName = app.isProduction ? '__Host-csrf' : 'csrf';
    this.csrf = doubleCsrf({
      getSecret: () => session.secrets,
      getSessionIdentifier: sessionBinding,
      cookieName: this.cookieName,
      cookieOptions: {
        sameSite: 'lax',
        secure: session.secureCookie,
        httpOnly: true,
        path: '/',
      },
      getCsrfTokenFromRequest: (req: Request) => {
        const body = req.body as Record<string, unknown> | undefined;
        const field = body?.[CSRF_FIELD];
        return typeof field === 'string' ? field : req.get(CSRF_HEADER);
      },
    });
  }

  /** cookie-parser, the cross-site check and the token check, in that order. */
  middleware(): RequestHandler[] {
    return [cookieParser(), refuseCrossSite, this.protect];
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
    // Made when a view reads it (after the handler ran), so it is bound to the
    // session as the response leaves it, e.g. a session the handler just created.
    Object.defineProperty(res.locals, 'csrfToken', {
      enumerable: true,
      configurable: true,
      get: () => this.tokenFor(req, res),
    });
    if (SAFE_METHODS.has(req.method)) return next();
    if (!this.csrf.validateRequest(req)) {
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
 */
function withoutRepeatedCookie(req: Request, res: Response): Response {
  const view = Object.create(res) as Response;
  view.cookie = ((name: string, value: string, options: CookieOptions) => {
    const current = (req.cookies as Record<string, unknown> | undefined)?.[
      name
    ];
    return current === value ? res : res.cookie(name, value, options);
  }) as Response['cookie'];
  return view;
}

/** The session the token is bound to: its ID once it holds anything, else "anonymous". */
function sessionBinding(req: Request): string {
  const current = req.session as
    (typeof req.session & { createdAt?: number }) | undefined;
  if (!current) return 'anonymous';
  const stored =
    current.createdAt !== undefined ||
    Object.keys(current).some((key) => key !== 'cookie');
  return stored ? req.sessionID : 'anonymous';
}

/**
 * Refuses state-changing requests that the browser says come from another
 * site (Sec-Fetch-Site), or whose Origin names another host.
 */
function refuseCrossSite(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  if (SAFE_METHODS.has(req.method)) return next();
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return next(new ForbiddenException(FORM_EXPIRED_MESSAGE));
  }
  const origin = req.get('origin');
  if (origin !== undefined && hostOf(origin) !== req.get('host')) {
    return next(new ForbiddenException(FORM_EXPIRED_MESSAGE));
  }
  next();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
