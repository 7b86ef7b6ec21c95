import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ViewLocalsService } from '../views/view-locals.service.js';

/**
 * Gives every @Render view the session, the flash messages and the current
 * user, so controllers return their own view model and never copy session
 * data by hand. Handlers that redirect are left alone: their flash messages
 * wait for the next rendered page.
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
    if (view === undefined || context.getType() !== 'http')
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
