import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { SessionService } from './session.service.js';

/**
 * Saves a changed session, awaited, after the handler and before the
 * response is written (SessionService.commit): a failed save is a 503 and the
 * visitor sees that nothing was changed. For apps that take the session
 * module without this app's page pipeline (which calls commit() itself).
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
