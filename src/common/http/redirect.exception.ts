import { HttpException, HttpStatus } from '@nestjs/common';
import { statusText } from './status-text.js';

/**
 * A guard cannot redirect by itself: it throws this, and the exception filter
 * answers browsers with a 303 to `location` and JSON clients with `status`.
 */
export class RedirectException extends HttpException {
  constructor(
    readonly location: string,
    status: HttpStatus,
    message: string,
  ) {
    super({ statusCode: status, error: statusText(status), message }, status);
  }
}
