import { HttpException, HttpStatus } from '@nestjs/common';
import { englishOf } from '../../i18n/i18n.service.js';
import type { Message } from '../../i18n/messages.js';
import { statusText } from './status-text.js';

/**
 * An HTTP error whose text holds a value: error pages show the message in the
 * visitor's language; JSON answers carry the English text, so API clients get
 * one stable language whatever their Accept-Language.
 */
export class MessageException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly visitorMessage: Message,
  ) {
    super(
      {
        statusCode: status,
        error: statusText(status),
        message: englishOf(visitorMessage),
      },
      status,
    );
  }
}
