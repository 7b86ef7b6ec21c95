import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { FORM_VIEW_METADATA, FormException } from '../http/form-errors.js';

/**
 * Ties a refused form (validation pipe or FormException) to the view of its
 * handler's @FormView, so the filter can show the form again with its errors.
 * Pipes run inside interceptors, so validation errors pass through here.
 */
@Injectable()
export class FormErrorsInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const view = this.reflector.get<string | undefined>(
      FORM_VIEW_METADATA,
      context.getHandler(),
    );
    if (view === undefined) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() =>
            error instanceof FormException
              ? error.withForm(view, req.body)
              : error,
          ),
        ),
      );
  }
}
