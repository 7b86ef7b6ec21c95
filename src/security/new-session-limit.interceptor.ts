import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { NewSessionLimiter } from './new-session-limit.js';

/** Before the first save of a session: counted against its address's limit (NewSessionLimiter). */
@Injectable()
export class NewSessionLimitInterceptor implements NestInterceptor {
  constructor(private readonly limiter: NewSessionLimiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.limiter.admitIfNew(req);
        return result;
      }),
    );
  }
}
