import {
  BadRequestException,
  HttpException,
  HttpStatus,
  SetMetadata,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { englishOf } from '../../i18n/i18n.service.js';
import {
  message,
  toMessage,
  type Message,
  type MessageTemplate,
} from '../../i18n/messages.js';
import { isSecretName } from '../secret-names.js';
import { statusText } from './status-text.js';

export const FORM_VIEW_METADATA = 'nest-sessions:form-view';

/**
 * The view that shows this handler's form: when the form is refused (validation
 * or a FormException), the page is rendered again with the errors and the
 * values the visitor typed, instead of a generic error page.
 */
export const FormView = (view: string): MethodDecorator =>
  SetMetadata(FORM_VIEW_METADATA, view);

/** English texts of a refused form's fields, as JSON clients get them. */
export type FieldErrors = Record<string, string[]>;

/** A refused form's fields and their messages, translated when the form is shown again. */
export type FieldMessages = Record<string, Message[]>;

/**
 * A refused form: which fields are wrong and why; rendered by the form's
 * @FormView with the messages in the visitor's language. JSON answers carry
 * the English texts (`errors`, `message`): API clients get one stable
 * language, whatever their Accept-Language.
 */
export class FormException extends HttpException {
  view?: string;
  values: Record<string, string> = {};
  readonly messages: FieldMessages;
  readonly summary?: Message;
  /** The English texts, by field. */
  readonly errors: FieldErrors;

  constructor(
    errors: Record<string, readonly (MessageTemplate | Message)[]>,
    status: number = HttpStatus.BAD_REQUEST,
    summary?: MessageTemplate | Message,
  ) {
    const messages: FieldMessages = {};
    const english: FieldErrors = {};
    for (const [field, list] of Object.entries(errors)) {
      messages[field] = list.map(toMessage);
      english[field] = messages[field].map(englishOf);
    }
    const summaryMessage =
      summary === undefined ? undefined : toMessage(summary);
    super(
      {
        statusCode: status,
        error:
          status === Number(HttpStatus.BAD_REQUEST)
            ? 'Bad Request'
            : statusText(status),
        message: summaryMessage
          ? englishOf(summaryMessage)
          : Object.values(english).flat().join('; '),
        errors: english,
      },
      status,
    );
    this.messages = messages;
    this.summary = summaryMessage;
    this.errors = english;
  }

  /** Attaches the form's view and the submitted values that may be shown again. */
  withForm(view: string, body: unknown): this {
    this.view = view;
    this.values = {};
    if (body && typeof body === 'object') {
      for (const [key, value] of Object.entries(
        body as Record<string, unknown>,
      )) {
        if (typeof value === 'string' && !isSecretName(key))
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

/**
 * class-validator's own message for an unknown field (forbidNonWhitelisted):
 * "property x should not exist", with the name built in.
 */
const UNKNOWN_FIELD = 'whitelistValidation';

/**
 * A failed constraint's message as a Message. The DTOs' messages are English
 * templates; `%{value}` in one is the refused value, put in after translation.
 */
function messagesOf(error: ValidationError): Message[] {
  const constraints = Object.entries(error.constraints ?? {});
  const typeErrors = constraints.filter(([name]) => TYPE_CONSTRAINTS.has(name));
  const value: unknown = error.value;
  const values =
    typeof value === 'string' || typeof value === 'number'
      ? { value: String(value) }
      : undefined;
  return (typeErrors.length > 0 ? typeErrors : constraints).map(
    ([name, text]) =>
      name === UNKNOWN_FIELD
        ? message('property %{property} should not exist', {
            property: error.property,
          })
        : values && text.includes('%{value}')
          ? { text, values }
          : { text },
  );
}

/** The ValidationPipe's exceptionFactory: class-validator errors as field errors. */
export function formExceptionFromValidation(
  errors: ValidationError[],
): BadRequestException {
  const fields: Record<string, Message[]> = {};
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
