import type { HttpStatus } from '@nestjs/common';
import type { MessageTemplate } from '../../i18n/messages.js';

/**
 * A guard cannot redirect by itself: it throws this. Browsers get a 303 to
 * `location` with the message flashed (shown in their language); JSON
 * clients, which would not follow a redirect to a page, get `jsonStatus`
 * with the English message. Not an HttpException: it has no one status.
 */
export class RedirectException extends Error {
  override name = 'RedirectException';

  constructor(
    readonly location: string,
    readonly template: MessageTemplate,
    readonly jsonStatus: HttpStatus,
  ) {
    super(template);
  }
}
