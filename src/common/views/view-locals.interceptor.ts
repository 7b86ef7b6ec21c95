import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ViewLocalsService } from './view-locals.service.js';

/**
 * Gives every rendered page the session, the flash messages (taking them
 * out of the session, as Flask's get_flashed_messages() does) and the
 * current user, so that handlers return their own view model and never copy
 * session data. Inside SessionCommitInterceptor: the flashes a page shows
 * leave the session in the same save.
 */
@Injectable()
export class ViewLocalsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly locals: ViewLocalsService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const view = this.reflector.get<string | undefined>(
      RENDER_METADATA,
      context.getHandler(),
    );
    if (context.getType() !== 'http' || view === undefined)
      return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      map((model: unknown) => ({
        ...this.locals.build(req, res),
        ...(model && typeof model === 'object' ? model : {}),
      })),
    );
  }
}
