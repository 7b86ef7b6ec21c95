import {
  BadRequestException,
  HttpException,
  HttpStatus,
  SetMetadata,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { statusText } from './status-text.js';

export const FORM_VIEW_METADATA = 'nest-sessions:form-view';

/**
 * The view that shows this handler's form: when the form is refused (validation
 * or a FormException), the page is rendered again with the errors and the
 * values the visitor typed, instead of a generic error page.
 */
export const FormView = (view: string): MethodDecorator =>
  SetMetadata(FORM_VIEW_METADATA, view);

export type FieldErrors = Record<string, string[]>;

/** Never sent back into a form, whatever the field names. */
const SECRET_FIELDS = /password|confirm|secret|token|_csrf/i;

/** A refused form: which fields are wrong and why; rendered by the form's @FormView. */
export class FormException extends HttpException {
  view?: string;
  values: Record<string, string> = {};

  constructor(
    readonly errors: FieldErrors,
    status: number = HttpStatus.BAD_REQUEST,
    readonly summary?: string,
  ) {
    super(
      {
        statusCode: status,
        error:
          status === Number(HttpStatus.BAD_REQUEST)
            ? 'Bad Request'
            : statusText(status),
        message: summary ?? Object.values(errors).flat().join('; '),
        errors,
      },
      status,
    );
  }

  /** Attaches the form's view and the submitted values that may be shown again. */
  withForm(view: string, body: unknown): this {
    this.view = view;
    this.values = {};
    if (body && typeof body === 'object') {
      for (const [key, value] of Object.entries(
        body as Record<string, unknown>,
      )) {
        if (typeof value === 'string' && !SECRET_FIELDS.test(key))
          this.values[key] = value;
      }
    }
    return this;
  }
}

/**
 * Constraints that check a value's type. When one fails, the field's other
 * messages (length, pattern…) talk about a value the visitor could not have
 * typed, so only the type message is shown.
 */
const TYPE_CONSTRAINTS = new Set([
  'isString',
  'isNumber',
  'isInt',
  'isBoolean',
  'isArray',
  'isObject',
  'isDate',
]);

function messagesOf(error: ValidationError): string[] {
  const constraints = Object.entries(error.constraints ?? {});
  const typeErrors = constraints.filter(([name]) => TYPE_CONSTRAINTS.has(name));
  return (typeErrors.length > 0 ? typeErrors : constraints).map(
    ([, message]) => message,
  );
}

/** The ValidationPipe's exceptionFactory: class-validator errors as field errors. */
export function formExceptionFromValidation(
  errors: ValidationError[],
): BadRequestException {
  const fields: FieldErrors = {};
  const collect = (list: ValidationError[], prefix = ''): void => {
    for (const error of list) {
      const field = `${prefix}${error.property}`;
      const messages = messagesOf(error);
      if (messages.length > 0) fields[field] = messages;
      if (error.children?.length) collect(error.children, `${field}.`);
    }
  };
  collect(errors);
  return new FormException(fields);
}
