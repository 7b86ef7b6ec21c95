import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request } from 'express';
import { wantsJson } from '../http/negotiation.js';
import { RedirectException } from '../http/redirect.exception.js';
import { redirectJsonBody } from './error-body.js';
import { ErrorResponder } from './error-responder.js';

/** A guard's redirect: browsers go to `location` with the message flashed; JSON clients get its status. */
@Catch(RedirectException)
export class RedirectExceptionFilter implements ExceptionFilter {
  constructor(private readonly respond: ErrorResponder) {}

  catch(exception: RedirectException, host: ArgumentsHost): void {
    if (this.respond.alreadyAnswered(host, exception)) return;
    if (wantsJson(host.switchToHttp().getRequest<Request>()))
      this.respond.send(host, redirectJsonBody(exception));
    else
      this.respond.redirectWithFlash(
        host,
        exception.location,
        exception.template,
      );
  }
}
