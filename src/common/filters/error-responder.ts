import {
  ServiceUnavailableException,
  HttpStatus,
  Injectable,
  Logger,
  type ArgumentsHost,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { FlashService } from '../../flash/flash.service.js';
import { englishOf, I18nService } from '../../i18n/i18n.service.js';
import type { MessageTemplate } from '../../i18n/messages.js';
import { SessionService } from '@nest-sessions/session';
import { NewSessionLimiter } from '../../security/new-session-limit.js';
import type { FormException } from '../http/form-errors.js';
import { wantsJson } from '../http/negotiation.js';
import { ViewLocalsService } from '../views/view-locals.service.js';
import {
  describeError,
  errorPageModel,
  jsonOf,
  mustNotBeStored,
  unavailableBody,
  type ErrorBody,
} from './error-body.js';

/**
 * What the exception filters share: sending an error body as a page or as
 * JSON, and redirecting with a flash. The one place where an error touches
 * the session (FlashService, SessionService.commit) and the view locals.
 */
@Injectable()
export class ErrorResponder {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly locals: ViewLocalsService,
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
    private readonly i18n: I18nService,
    private readonly newSessions: NewSessionLimiter,
  ) {}

  /**
   * JSON for API clients (and clients that take no HTML), else the error page
   * or, for a refused form, the form's own view with its errors and values.
   */
  send(host: ArgumentsHost, body: ErrorBody, form?: FormException): void {
    const { req, res } = this.http(host);
    if (mustNotBeStored(body)) res.setHeader('Cache-Control', 'no-store');
    if (wantsJson(req) || !req.accepts('html')) {
      res.status(body.statusCode).json(jsonOf(body));
      return;
    }
    const view = form?.view ?? 'errors/error';
    const model = {
      ...this.safeLocals(req, res),
      ...errorPageModel(body, form),
    };
    res
      .status(body.statusCode)
      .render(view, model, (error: Error | null, html?: string) => {
        if (error) {
          this.logger.error(
            `Rendering ${view} failed: ${error.stack ?? error.message}`,
          );
          res
            .status(body.statusCode)
            .type('text/plain')
            .send(`${body.statusCode} ${englishOf(model.message)}`);
          return;
        }
        res.send(html);
      });
  }

  /** A 303 to `location` with `template` flashed, once the session holding the flash is saved. */
  redirectWithFlash(
    host: ArgumentsHost,
    location: string,
    template: MessageTemplate,
  ): void {
    const { req, res } = this.http(host);
    if (req.session) this.flash.flash(req.session, template, 'warning');
    Promise.resolve()
      .then(() => {
        this.newSessions.admitIfNew(req);
        return this.sessions.commit(req);
      })
      .then(
        () => res.redirect(HttpStatus.SEE_OTHER, location),
        (error: unknown) =>
          // A new session refused (too many from the address): the redirect still goes, without the flash.
          error instanceof ServiceUnavailableException
            ? this.send(host, unavailableBody())
            : res.redirect(HttpStatus.SEE_OTHER, location),
      );
  }

  /**
   * Whether the response has already started, so nothing can be sent any
   * more: then the error is only logged. Every filter asks this first.
   */
  alreadyAnswered(host: ArgumentsHost, exception: unknown): boolean {
    if (!this.http(host).res.headersSent) return false;
    this.logger.error(
      `Error after the response started: ${describeError(exception)}`,
    );
    return true;
  }

  private http(host: ArgumentsHost): { req: Request; res: Response } {
    const http = host.switchToHttp();
    return {
      req: http.getRequest<Request>(),
      res: http.getResponse<Response>(),
    };
  }

  /** Locals for an error page; an error while building them must not hide the first one. */
  private safeLocals(req: Request, res: Response): Record<string, unknown> {
    // Requests refused before the language middleware ran (the cross-origin
    // check, body limits) still get their page in the visitor's language.
    res.locals.lang ??= this.i18n.languageOf(req);
    try {
      return this.locals.build(req, res);
    } catch (error) {
      this.logger.warn(
        `View locals unavailable on an error page: ${describeError(error)}`,
      );
      return {
        lang: res.locals.lang,
        session: { keys: [], values: {} },
        flashes: [],
        currentUser: null,
      };
    }
  }
}
