import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ErrorResponder } from './filters/error-responder.js';
import { FormExceptionFilter } from './filters/form-exception.filter.js';
import { HttpExceptionFilter } from './filters/http-exception.filter.js';
import { RedirectExceptionFilter } from './filters/redirect-exception.filter.js';
import { UnhandledErrorFilter } from './filters/unhandled-error.filter.js';
import { ViewLocalsService } from './views/view-locals.service.js';

@Global()
@Module({
  providers: [
    ViewLocalsService,
    ErrorResponder,
    // One filter per kind of error. Nest tries the one registered last first
    // and stops at the first whose @Catch matches, so the catch-all comes
    // first and FormException (an HttpException) after HttpException.
    { provide: APP_FILTER, useClass: UnhandledErrorFilter },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_FILTER, useClass: FormExceptionFilter },
    { provide: APP_FILTER, useClass: RedirectExceptionFilter },
  ],
  exports: [ViewLocalsService],
})
export class CommonModule {}
