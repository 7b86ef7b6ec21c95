import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { englishOf } from '../../i18n/i18n.service.js';
import {
  message,
  type Message,
  type MessageTemplate,
} from '../../i18n/messages.js';
import { crossOriginRefusalReason } from '../../security/cross-origin.js';
import { FORM_EXPIRED_MESSAGE } from '../../security/csrf.service.js';
import { FormException } from '../http/form-errors.js';
import { MessageException } from '../http/message.exception.js';
import { RedirectException } from '../http/redirect.exception.js';
import { statusText } from '../http/status-text.js';
import { isDatabaseUnavailable } from './database-unavailable.js';

/**
 * How an error is answered, built by the pure functions below. JSON clients
 * get it without `display`, in English whatever their Accept-Language, so API
 * answers keep one stable language. Pages show `display` (or the message) in
 * the visitor's language instead.
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  errors?: Record<string, string[]>;
  /** The text of the error page, when it holds values; never sent as JSON. */
  display?: Message;
}

/**
 * How an exception is answered, decided in one place (ErrorFilter does what
 * it says): a guard's redirect for a browser, or an error body as a page,
 * the form shown again, or JSON; with what to log.
 */
export type ErrorAnswer =
  | { kind: 'redirect'; location: string; template: MessageTemplate }
  | {
      kind: 'error';
      body: ErrorBody;
      /** A refused form, shown again by its view with its errors and values. */
      form?: FormException;
      /** The framework's cross-origin refusal, with the header that gave it away. */
      crossOrigin?: string;
      log?: { level: 'warn' | 'error'; text: string; stack?: string };
    };

export function answerFor(
  exception: unknown,
  req: RequestLine,
  { isProduction, wantsJson }: { isProduction: boolean; wantsJson: boolean },
): ErrorAnswer {
  if (exception instanceof RedirectException)
    return wantsJson
      ? { kind: 'error', body: redirectJsonBody(exception) }
      : {
          kind: 'redirect',
          location: exception.location,
          template: exception.template,
        };
  if (exception instanceof HttpException) {
    const crossOrigin = crossOriginRefusalReason(exception);
    if (crossOrigin)
      return { kind: 'error', body: crossOriginBody(), crossOrigin };
    return {
      kind: 'error',
      body: httpExceptionBody(exception, req),
      ...(exception instanceof FormException && { form: exception }),
    };
  }
  if (isDatabaseUnavailable(exception))
    return {
      kind: 'error',
      body: unavailableBody(),
      log: {
        level: 'warn',
        text: `Database unavailable during ${req.method} ${req.path}: ${describeError(exception)}`,
      },
    };
  const clientError = clientErrorBody(exception);
  if (clientError) return { kind: 'error', body: clientError };
  return {
    kind: 'error',
    body: unexpectedErrorBody(exception, isProduction),
    log: {
      level: 'error',
      text: `Unhandled error during ${req.method} ${req.path}`,
      stack: exception instanceof Error ? exception.stack : String(exception),
    },
  };
}

/** What of the request an error body may mention. */
export interface RequestLine {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The URL as the client sent it. */
  originalUrl: string;
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

/** Texts of errors raised by Express middleware (body-parser), by their `type`. */
const CLIENT_ERROR_MESSAGES: Record<string, MessageTemplate> = {
  'entity.too.large': 'The request body is too large.',
  'parameters.too.many': 'The form has too many fields.',
  'entity.parse.failed': 'The request body is not valid JSON.',
  'encoding.unsupported': 'The request body has an unsupported encoding.',
  'charset.unsupported': 'The request body has an unsupported charset.',
  'request.aborted': 'The request was aborted.',
};

/**
 * An HttpException as its body. Nest wraps errors of Express middleware (body
 * parsers) in an HttpException whose message is the parser's own ("Unexpected
 * end of JSON input"): those are said in the app's words instead.
 */
export function httpExceptionBody(
  exception: HttpException,
  req: RequestLine,
): ErrorBody {
  const wrapped = clientErrorBody(exception.cause);
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
  return { statusCode: status, error: statusText(status), message: response };
}

/** The page text of an HttpException whose text holds a value. */
function displayOf(
  exception: HttpException,
  req: RequestLine,
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

/**
 * The framework's cross-origin refusal, in the words of the CSRF token check:
 * to the visitor both mean that the form did not come from this site.
 */
export function crossOriginBody(): ErrorBody {
  return {
    statusCode: HttpStatus.FORBIDDEN,
    error: statusText(HttpStatus.FORBIDDEN),
    message: FORM_EXPIRED_MESSAGE,
  };
}

/** What JSON clients get instead of a guard's redirect. */
export function redirectJsonBody(exception: RedirectException): ErrorBody {
  return {
    statusCode: exception.jsonStatus,
    error: statusText(exception.jsonStatus),
    message: exception.template,
  };
}

/** Errors raised by Express middleware (body parsers…) carry an HTTP status of their own. */
export function clientErrorBody(error: unknown): ErrorBody | undefined {
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
  const known =
    typeof type === 'string' ? CLIENT_ERROR_MESSAGES[type] : undefined;
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

export function unavailableBody(): ErrorBody {
  return {
    statusCode: HttpStatus.SERVICE_UNAVAILABLE,
    error: statusText(HttpStatus.SERVICE_UNAVAILABLE),
    message:
      'The service is temporarily unavailable. Please try again in a moment.' satisfies MessageTemplate,
  };
}

/** An error nothing expected: never its details in production, a hint in development. */
export function unexpectedErrorBody(
  error: unknown,
  isProduction: boolean,
): ErrorBody {
  const display = isProduction
    ? message('Something went wrong on our side. Please try again.')
    : message(
        'Something went wrong on our side: %{error} (details in the server log)',
        { error: describeError(error) },
      );
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: statusText(HttpStatus.INTERNAL_SERVER_ERROR),
    message: englishOf(display),
    display,
  };
}

/** One line about an error, for the log: its name and message, never a stack. */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/** Answers a browser or proxy must not keep: a limit reached, or a failure that will pass. */
export function mustNotBeStored(body: ErrorBody): boolean {
  return (
    body.statusCode === Number(HttpStatus.TOO_MANY_REQUESTS) ||
    body.statusCode >= 500
  );
}

/** The JSON answer: the body without its page text. */
export function jsonOf(body: ErrorBody): Omit<ErrorBody, 'display'> {
  const { display: _display, ...json } = body;
  return json;
}

/** The view locals of an error page, or of a refused form shown again, beside the page's usual locals. */
export function errorPageModel(body: ErrorBody, form?: FormException) {
  return {
    title: TITLES[body.statusCode] ?? body.error,
    status: body.statusCode,
    message:
      body.display ??
      (Array.isArray(body.message) ? body.message.join('; ') : body.message),
    errors: form?.errors ?? {},
    errorList: form ? Object.values(form.messages).flat() : [],
    formSummary: form?.summary,
    values: form?.values ?? {},
  };
}
