import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { SessionService } from './session.service.js';

/**
 * Saves the session after the handler, before the response is written
 * (SessionService.commit): a session that cannot be saved is a 503, and the
 * visitor sees that nothing was changed. Register it as an APP_INTERCEPTOR,
 * before any interceptor that changes the session after the handler.
 */
@Injectable()
export class SessionCommitInterceptor implements NestInterceptor {
  constructor(private readonly sessions: SessionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.sessions.commit(req);
        return result;
      }),
    );
  }
}
