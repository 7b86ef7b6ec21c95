import {
  Catch,
  HttpStatus,
  Inject,
  Logger,
  ServiceUnavailableException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SessionService } from '@nest-sessions/session';
import type { Request, Response } from 'express';
import { appConfig } from '../../config/app.config.js';
import { FlashService } from '../../flash/flash.service.js';
import { englishOf, I18nService } from '../../i18n/i18n.service.js';
import { AuthEvents } from '../../security/auth-events.js';
import { NewSessionLimiter } from '../../security/new-session-limit.js';
import { wantsJson } from '../http/negotiation.js';
import { ViewLocalsService } from '../views/view-locals.service.js';
import {
  answerFor,
  describeError,
  errorPageModel,
  jsonOf,
  mustNotBeStored,
  unavailableBody,
  type ErrorBody,
} from './error-body.js';
import type { FormException } from '../http/form-errors.js';

/**
 * Every exception, answered one of four ways (chosen by answerFor, a pure
 * function): a guard's redirect, with its message flashed; the refused form
 * shown again by its view, with the errors and the values typed; an error
 * page; or JSON for clients that asked for it. A page gets the same view
 * locals as any other (flashes taken, then the session saved through
 * SessionService.commit, the one save path). Never a stack trace to a
 * visitor: an unexpected error is a 500 that says so, logged with its stack.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly locals: ViewLocalsService,
    private readonly sessions: SessionService,
    private readonly newSessions: NewSessionLimiter,
    private readonly flash: FlashService,
    private readonly i18n: I18nService,
    private readonly events: AuthEvents,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      this.logger.error(
        `Error after the response started: ${describeError(exception)}`,
      );
      return;
    }
    const answer = answerFor(exception, req, {
      isProduction: this.app.isProduction,
      wantsJson: wantsJson(req),
    });
    if (answer.kind === 'redirect') {
      if (req.session)
        this.flash.flash(req.session, answer.template, 'warning');
      void this.save(req).then((saved) =>
        saved
          ? res.redirect(HttpStatus.SEE_OTHER, answer.location)
          : this.send(req, res, unavailableBody()),
      );
      return;
    }
    if (answer.log?.level === 'warn') this.logger.warn(answer.log.text);
    if (answer.log?.level === 'error')
      this.logger.error(answer.log.text, answer.log.stack);
    if (answer.crossOrigin)
      // What an operator needs behind a proxy that rewrites Host: which headers disagreed.
      this.events.record(req, 'csrf.refused', {
        reason: 'cross-origin',
        detail: answer.crossOrigin,
        origin: req.get('origin') ?? 'none',
        host: req.get('host') ?? 'none',
        secFetchSite: req.get('sec-fetch-site') ?? 'none',
      });
    this.send(req, res, answer.body, answer.form);
  }

  /**
   * JSON for API clients (and clients that take no HTML), else the error page
   * or, for a refused form, the form's own view with its errors and values.
   */
  private send(
    req: Request,
    res: Response,
    body: ErrorBody,
    form?: FormException,
  ): void {
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
    // The flashes the page shows leave the session; a failed save changes nothing the page says.
    void this.save(req).then(() =>
      res
        .status(body.statusCode)
        .render(view, model, (error: Error | null, html?: string) => {
          if (!error) return res.send(html);
          this.logger.error(
            `Rendering ${view} failed: ${error.stack ?? error.message}`,
          );
          res
            .status(body.statusCode)
            .type('text/plain')
            .send(`${body.statusCode} ${englishOf(model.message)}`);
        }),
    );
  }

  /**
   * Saves the session through the one save path; false when it could not
   * be saved. A new session refused (too many from the address) is not
   * stored, and the answer goes on without it.
   */
  private async save(req: Request): Promise<boolean> {
    try {
      await this.newSessions.admitIfNew(req);
      await this.sessions.commit(req);
      return true;
    } catch (error) {
      return !(error instanceof ServiceUnavailableException);
    }
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
