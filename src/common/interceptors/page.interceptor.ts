import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { SessionService } from '@nest-sessions/session';
import {
  STORED_SESSION_PANEL,
  StoredSessionPanel,
} from '../../course/stored-session-panel.js';
import { NewSessionLimiter } from '../../security/new-session-limit.js';
import { ViewLocalsService } from '../views/view-locals.service.js';

/**
 * What every response needs from the session, as one step in the only order
 * that works:
 * 1. a rendered page gets the view locals: the session, the flash messages
 *    (reading them takes them out of the session) and the current user, so
 *    handlers return their own view model and never copy session data;
 * 2. the session is saved, awaited (SessionService.commit): a failed save is
 *    a 503 saying nothing was changed, never a page claiming success;
 * 3. a page marked @ShowsStoredSession() gets the stored-session panel: the
 *    record as that save left it, with the keys the previous form post changed.
 * Handlers that redirect get step 2, then leave the keys they changed for
 * the next page's panel; their flash messages wait for that page too.
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly locals: ViewLocalsService,
    private readonly sessions: SessionService,
    private readonly panel: StoredSessionPanel,
    private readonly newSessions: NewSessionLimiter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const view = this.reflector.get<string | undefined>(
      RENDER_METADATA,
      context.getHandler(),
    );
    const withPanel =
      view !== undefined &&
      this.reflector.getAllAndOverride<boolean | undefined>(
        STORED_SESSION_PANEL,
        [context.getHandler(), context.getClass()],
      ) === true;
    this.panel.snapshot(req);
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const model =
          view === undefined
            ? result
            : {
                ...this.locals.build(req, res),
                ...(result && typeof result === 'object' ? result : {}),
              };
        this.newSessions.admitIfNew(req);
        await this.sessions.commit(req);
        if (view === undefined) {
          this.panel.rememberFormChange(req, res);
          return model;
        }
        const formChange = this.panel.takeFormChange(req, res);
        if (!withPanel) return model;
        return {
          ...(model as object),
          storedSession: this.panel.read(req, formChange),
        };
      }),
    );
  }
}
