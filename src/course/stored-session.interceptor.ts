import {
  CallHandler,
  Logger,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { DEMO_PAGES } from './demo-pages.js';
import { COURSE_PAGE_METADATA } from './course-page.decorator.js';
import {
  changedKeys,
  sessionSnapshot,
  StoredSessionService,
} from './stored-session.service.js';

/**
 * Adds "what the server stored for you" to the demo pages: the visitor's
 * session document read back from MongoDB after this request's own write.
 * Registered outside SessionCommitInterceptor, which has saved (awaited) a
 * changed session by the time this one reads the document: no second write.
 * Usually no extra read: the store keeps the document as the database
 * returned it (loaded, or after an update). Other pages pay nothing.
 */
@Injectable()
export class StoredSessionInterceptor implements NestInterceptor {
  private readonly logger = new Logger(StoredSessionInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly stored: StoredSessionService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.isDemoPage(context))
      return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const before = sessionSnapshot(req.session);
    return next.handle().pipe(
      mergeMap(async (model: unknown) => {
        const changed = changedKeys(before, sessionSnapshot(req.session));
        const storedSession = await this.stored
          .read(req.sessionID, changed, req.session)
          // The panel explains the page; a failed read must not take the page down with it.
          .catch((error: unknown) => {
            this.logger.warn(`Stored session not read: ${String(error)}`);
            return undefined;
          });
        return {
          ...(model && typeof model === 'object' ? model : {}),
          storedSession,
        };
      }),
    );
  }

  private isDemoPage(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    if (
      this.reflector.get<string | undefined>(RENDER_METADATA, handler) ===
      undefined
    )
      return false;
    return (
      DEMO_PAGES.has(handler.name) ||
      this.reflector.get<boolean | undefined>(
        COURSE_PAGE_METADATA,
        context.getClass(),
      ) === true
    );
  }
}
