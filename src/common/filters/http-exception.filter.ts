import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request } from 'express';
import { crossOriginRefusalReason } from '../../security/cross-origin.js';
import { crossOriginBody, httpExceptionBody } from './error-body.js';
import { ErrorResponder } from './error-responder.js';

/** Every other HttpException: its status and message, as a page or JSON. */
@Catch(HttpException)
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly respond: ErrorResponder) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    if (this.respond.alreadyAnswered(host, exception)) return;
    const req = host.switchToHttp().getRequest<Request>();
    const crossOrigin = crossOriginRefusalReason(exception);
    if (crossOrigin) {
      // What an operator needs behind a proxy that rewrites Host: which headers disagreed.
      this.logger.warn(
        `Refused ${req.method} ${req.path}: ${crossOrigin} (Origin ${req.get('origin') ?? 'none'}, Host ${req.get('host') ?? 'none'}, Sec-Fetch-Site ${req.get('sec-fetch-site') ?? 'none'})`,
      );
      this.respond.send(host, crossOriginBody());
      return;
    }
    this.respond.send(host, httpExceptionBody(exception, req));
  }
}
