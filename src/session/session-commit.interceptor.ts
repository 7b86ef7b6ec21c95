import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import type { MessageTemplate } from '../i18n/messages.js';
import { SessionService, type RequestSession } from './session.service.js';

/**
 * Saves a changed session, awaited, before the response is written.
 * express-session would otherwise save it while ending the response, and a
 * failed write would still send a page claiming success. A failed save here
 * becomes a 503 and the visitor sees that nothing was changed.
 */
@Injectable()
export class SessionCommitInterceptor implements NestInterceptor {
  constructor(private readonly sessions: SessionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const before = snapshot(req);
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        if (req.session && snapshot(req) !== before) {
          try {
            await this.sessions.save(req);
          } catch {
            throw new ServiceUnavailableException(
              'Your session could not be saved, so nothing was changed. Please try again in a moment.' satisfies MessageTemplate,
            );
          }
        }
        return result;
      }),
    );
  }
}

/** What decides whether a session needs writing: its ID, its data and whether it is permanent. */
function snapshot(req: Request): string {
  const current = req.session as RequestSession | undefined;
  if (!current) return '';
  return JSON.stringify(
    [current.id, current.cookie.originalMaxAge, current],
    (key, value: unknown) => (key === 'cookie' ? undefined : value),
  );
}
