import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { SessionService } from '../../session/session.service.js';
import type { FormChange } from '../views/form-change.js';
import {
  STORED_SESSION_PANEL,
  StoredSessionPanel,
} from '../views/stored-session-panel.js';
import { ViewLocalsService } from '../views/view-locals.service.js';

/**
 * What every response needs from the session, as one step in the only order
 * that works:
 * 1. a rendered page gets the view locals: the session, the flash messages
 *    (reading them takes them out of the session) and the current user, so
 *    handlers return their own view model and never copy session data;
 * 2. the session is saved, awaited (SessionService.commit): a failed save is
 *    a 503 saying nothing was changed, never a page claiming success;
 * 3. a page marked @ShowsStoredSession() gets the stored-session panel, read
 *    after that save (usually no read: the store kept what the database
 *    answered), with the keys the previous form post changed.
 * Handlers that redirect get step 2, then leave the keys they changed for
 * the next page's panel; their flash messages wait for that page too.
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  private readonly logger = new Logger(PageInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly locals: ViewLocalsService,
    private readonly sessions: SessionService,
    private readonly panel: StoredSessionPanel,
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
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const model =
          view === undefined
            ? result
            : {
                ...this.locals.build(req, res),
                ...(result && typeof result === 'object' ? result : {}),
              };
        await this.sessions.commit(req);
        if (view === undefined) {
          this.panel.rememberFormChange(req, res);
          return model;
        }
        const formChange = this.panel.takeFormChange(req, res);
        if (!withPanel) return model;
        return {
          ...(model as object),
          storedSession: await this.readPanel(req, formChange),
        };
      }),
    );
  }

  /** The panel explains the page; a failed read must not take the page down with it. */
  private readPanel(req: Request, formChange: FormChange | null) {
    return this.panel.read(req, formChange).catch((error: unknown) => {
      this.logger.warn(`Stored session not read: ${String(error)}`);
      return undefined;
    });
  }
}
