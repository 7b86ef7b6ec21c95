import { HttpException, HttpStatus } from '@nestjs/common';
import type { MessageTemplate } from '../../i18n/messages.js';
import { statusText } from './status-text.js';

/**
 * A guard cannot redirect by itself: it throws this, and the exception filter
 * answers browsers with a 303 to `location` and the message flashed (shown in
 * their language), and JSON clients with `status` and the English message.
 */
export class RedirectException extends HttpException {
  constructor(
    readonly location: string,
    status: HttpStatus,
    readonly template: MessageTemplate,
  ) {
    super(
      { statusCode: status, error: statusText(status), message: template },
      status,
    );
  }
}
