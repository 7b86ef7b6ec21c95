import {
  Catch,
  HttpException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { AuthEvents } from '../../security/auth-events.js';
import type { Request } from 'express';
import { crossOriginRefusalReason } from '../../security/cross-origin.js';
import { crossOriginBody, httpExceptionBody } from './error-body.js';
import { ErrorResponder } from './error-responder.js';

/** Every other HttpException: its status and message, as a page or JSON. */
@Catch(HttpException)
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly respond: ErrorResponder,
    private readonly events: AuthEvents,
  ) {}

  catch(exception: HttpException, host: ArgumentsHost): void {
    if (this.respond.alreadyAnswered(host, exception)) return;
    const req = host.switchToHttp().getRequest<Request>();
    const crossOrigin = crossOriginRefusalReason(exception);
    if (crossOrigin) {
      // What an operator needs behind a proxy that rewrites Host: which headers disagreed.
      this.events.record(req, 'csrf.refused', {
        reason: 'cross-origin',
        detail: crossOrigin,
        origin: req.get('origin') ?? 'none',
        host: req.get('host') ?? 'none',
        secFetchSite: req.get('sec-fetch-site') ?? 'none',
      });
      this.respond.send(host, crossOriginBody());
      return;
    }
    this.respond.send(host, httpExceptionBody(exception, req));
  }
}
