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
import {
  STORED_SESSION_PANEL,
  StoredSessionPanel,
} from './stored-session-panel.js';

/**
 * The course's panel "What the server stored for you", on the pages marked
 * @ShowsStoredSession(). Outside SessionCommitInterceptor, so it shows the
 * session as this request's save left it. After a form post that redirects,
 * it leaves the keys the post changed for the next page's panel.
 */
@Injectable()
export class StoredSessionPanelInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
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
    const shown =
      view !== undefined &&
      this.reflector.getAllAndOverride<boolean | undefined>(
        STORED_SESSION_PANEL,
        [context.getHandler(), context.getClass()],
      ) === true;
    this.panel.snapshot(req);
    return next.handle().pipe(
      map((model: unknown) => {
        if (view === undefined) {
          this.panel.rememberFormChange(req, res);
          return model;
        }
        const formChange = this.panel.takeFormChange(req, res);
        if (!shown) return model;
        const page = model as { session?: object };
        const storedSession = this.panel.read(req, formChange);
        return {
          ...page,
          // The page's own times say what the panel says: the end of the
          // session as the save just wrote it, not as the handler foresaw it
          // a few milliseconds earlier (a second apart, now and then).
          ...(storedSession.found &&
            page.session && {
              session: { ...page.session, expiresAt: storedSession.expires },
            }),
          storedSession,
        };
      }),
    );
  }
}
