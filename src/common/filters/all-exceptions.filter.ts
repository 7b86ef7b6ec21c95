import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { appConfig } from '../../config/app.config.js';
import { FlashService } from '../../flash/flash.service.js';
import { englishOf } from '../../i18n/i18n.service.js';
import {
  message,
  type Message,
  type MessageTemplate,
} from '../../i18n/messages.js';
import { SessionService } from '../../session/session.service.js';
import { FormException } from '../http/form-errors.js';
import { MessageException } from '../http/message.exception.js';
import { wantsJson } from '../http/negotiation.js';
import { RedirectException } from '../http/redirect.exception.js';
import { ViewLocalsService } from '../views/view-locals.service.js';
import { statusText } from '../http/status-text.js';

/**
 * An error as JSON clients get it: in English, whatever their Accept-Language,
 * so API answers keep one stable language. Pages show `display` (or the
 * message) in the visitor's language instead.
 */
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  errors?: Record<string, string[]>;
  /** The text of the error page, when it holds values; never sent as JSON. */
  display?: Message;
}

const TITLES: Partial<Record<number, MessageTemplate>> = {
  400: 'Bad request',
  401: 'Not logged in',
  403: 'Forbidden',
  404: 'Page not found',
  409: 'Already exists',
  413: 'Too large',
  415: 'Unsupported content type',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/**
 * The one place that turns an error into a response: a redirect for guards,
 * the form again for refused forms, an HTML error page for browsers, JSON for
 * API clients. Nothing a visitor sees ever holds a stack trace; unexpected
 * errors are logged with theirs.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly locals: ViewLocalsService,
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) {
      this.logger.error(
        `Error after the response started: ${describe(exception)}`,
      );
      return;
    }
    const body = this.toBody(exception, req);

    if (exception instanceof RedirectException && !wantsJson(req)) {
      if (req.session)
        this.flash.flash(req.session, exception.template, 'warning');
      this.sessions.save(req).then(
        () => res.redirect(HttpStatus.SEE_OTHER, exception.location),
        () => this.send(req, res, unavailable()),
      );
      return;
    }
    this.send(
      req,
      res,
      body,
      exception instanceof FormException ? exception : undefined,
    );
  }

  private send(
    req: Request,
    res: Response,
    body: ErrorBody,
    form?: FormException,
  ): void {
    if (
      body.statusCode === Number(HttpStatus.TOO_MANY_REQUESTS) ||
      body.statusCode >= 500
    ) {
      res.setHeader('Cache-Control', 'no-store');
    }
    const { display, ...json } = body;
    if (wantsJson(req) || !req.accepts('html')) {
      res.status(body.statusCode).json(json);
      return;
    }
    const view = form?.view ?? 'errors/error';
    const model = {
      ...this.safeLocals(req, res),
      title: TITLES[body.statusCode] ?? body.error,
      status: body.statusCode,
      message:
        display ??
        (Array.isArray(body.message) ? body.message.join('; ') : body.message),
      errors: form?.errors ?? {},
      errorList: form ? Object.values(form.messages).flat() : [],
      formSummary: form?.summary,
      values: form?.values ?? {},
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

  /** Locals for an error page; an error while building them must not hide the first one. */
  private safeLocals(req: Request, res: Response): Record<string, unknown> {
    try {
      return this.locals.build(req, res);
    } catch (error) {
      this.logger.warn(
        `View locals unavailable on an error page: ${describe(error)}`,
      );
      return {
        session: { keys: [], values: {} },
        flashes: [],
        currentUser: null,
      };
    }
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    // Nest wraps errors of Express middleware (body parsers) in an HttpException.
    const wrapped =
      exception instanceof HttpException
        ? asClientError(exception.cause)
        : undefined;
    if (wrapped) return wrapped;
    if (exception instanceof HttpException) {
      // Nest wraps body-parser errors in an HttpException whose message is the parser's
      // own ("Unexpected end of JSON input"): say it in the app's words instead.
      const wrapped = asClientError(exception.cause);
      if (wrapped) return wrapped;
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object') {
        const { message, error, errors } = response as Partial<ErrorBody>;
        return {
          statusCode: status,
          error: error ?? statusText(status),
          message: message ?? exception.message,
          ...(errors ? { errors } : {}),
          ...displayOf(exception, req),
        };
      }
      return {
        statusCode: status,
        error: statusText(status),
        message: response,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(
        `Database unavailable during ${req.method} ${req.path}: ${describe(exception)}`,
      );
      return unavailable();
    }
    const clientError = asClientError(exception);
    if (clientError) return clientError;
    this.logger.error(
      `Unhandled error during ${req.method} ${req.path}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    const display = this.app.isProduction
      ? message('Something went wrong on our side. Please try again.')
      : message(
          'Something went wrong on our side: %{error} (details in the server log)',
          { error: describe(exception) },
        );
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: englishOf(display),
      display,
    };
  }
}

/** The page text of an HttpException whose text holds a value. */
function displayOf(
  exception: HttpException,
  req: Request,
): { display?: Message } {
  if (exception instanceof MessageException)
    return { display: exception.visitorMessage };
  if (exception instanceof FormException && exception.summary)
    return { display: exception.summary };
  // Nest's router answers an unknown route with this text; pages say it in the visitor's words.
  if (
    exception instanceof NotFoundException &&
    exception.message === `Cannot ${req.method} ${req.originalUrl}`
  )
    return {
      display: message('There is no page at %{path}', { path: req.path }),
    };
  return {};
}

function unavailable(): ErrorBody {
  return {
    statusCode: 503,
    error: 'Service Unavailable',
    message:
      'The service is temporarily unavailable. Please try again in a moment.' satisfies MessageTemplate,
  };
}

function isDatabaseUnavailable(error: unknown): boolean {
  return (
    (error instanceof Error && error.name === 'SessionStoreUnavailableError') ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** Errors raised by Express middleware (body parsers…) carry an HTTP status of their own. */
function asClientError(error: unknown): ErrorBody | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, statusCode, expose, message, type } = error as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
    type?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code >= 500) return undefined;
  const messages: Record<string, MessageTemplate> = {
    'entity.too.large': 'The request body is too large.',
    'parameters.too.many': 'The form has too many fields.',
    'entity.parse.failed': 'The request body is not valid JSON.',
    'encoding.unsupported': 'The request body has an unsupported encoding.',
    'charset.unsupported': 'The request body has an unsupported charset.',
    'request.aborted': 'The request was aborted.',
  };
  const known = typeof type === 'string' ? messages[type] : undefined;
  return {
    statusCode: code,
    error: statusText(code),
    message:
      known ??
      (expose === true && typeof message === 'string'
        ? message
        : ('Bad request.' satisfies MessageTemplate)),
  };
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
