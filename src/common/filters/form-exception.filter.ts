import {
  Catch,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request } from 'express';
import { FormException } from '../http/form-errors.js';
import { httpExceptionBody } from './error-body.js';
import { ErrorResponder } from './error-responder.js';

/**
 * A refused form (validation or a FormException): shown again by its
 * handler's @FormView with the errors and the values typed, or the error page
 * when it has none; JSON clients get the English texts by field.
 */
@Catch(FormException)
export class FormExceptionFilter implements ExceptionFilter {
  constructor(private readonly respond: ErrorResponder) {}

  catch(exception: FormException, host: ArgumentsHost): void {
    if (this.respond.alreadyAnswered(host, exception)) return;
    const req = host.switchToHttp().getRequest<Request>();
    this.respond.send(host, httpExceptionBody(exception, req), exception);
  }
}
