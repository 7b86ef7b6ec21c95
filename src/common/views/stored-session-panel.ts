import { Injectable, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rawCookie } from '../../session/raw-cookie.js';
import {
  SessionService,
  type RequestSession,
} from '../../session/session.service.js';
import {
  ACTION,
  FORM_CHANGE_MAX_AGE_MS,
  KEY_NAME,
  MAX_REMEMBERED_KEYS,
  parseFormChange,
  type FormChange,
} from './form-change.js';
import {
  NOTHING_STORED,
  storedSessionView,
  type StoredSessionView,
} from './stored-session-view.js';
import { isSecretName } from '../secret-names.js';

export const STORED_SESSION_PANEL = 'nest-sessions:stored-session-panel';

/**
 * Marks a handler (or every handler of a controller) whose page ends with
 * the panel "What the server stored for you": the visitor's session as the
 * store holds it after this request.
 */
export const ShowsStoredSession = (): ClassDecorator & MethodDecorator =>
  SetMetadata(STORED_SESSION_PANEL, true);

/**
 * Reads the visitor's session as the store holds it after this request's own
 * write: as the database returned it to the store (loaded, or after its
 * update), else read again; nothing for a session nothing has stored.
 *
 * With redirect-after-post, what a form changed was written by the post,
 * and the page after the redirect changes only `flashes` (showing them
 * removes them). So a post that changed the session leaves the keys it
 * changed in a short-lived cookie (`sid_changed`), which the next rendered
 * page takes back for the panel: no database write, and any instance can
 * show it. The cookie names keys, never values; a forged one only changes
 * what its sender's panel says.
 */
@Injectable()
export class StoredSessionPanel {
  constructor(private readonly sessions: SessionService) {}

  get formChangeCookie(): string {
    return `${this.sessions.cookieName}_changed`;
  }

  async read(
    req: Request,
    formChange: FormChange | null = null,
  ): Promise<StoredSessionView> {
    const current = req.session as RequestSession | undefined;
    const store = this.sessions.store;
    if (!current || !store.hasStored(current)) return NOTHING_STORED;
    const stored = store.recordOf(current) ?? (await store.read(req.sessionID));
    return stored
      ? storedSessionView(
          stored,
          this.sessions.changedKeys(current),
          store.kind,
          formChange,
        )
      : NOTHING_STORED;
  }

  /** After a post that changed the session (and was saved): the keys it changed, for the next page. */
  rememberFormChange(req: Request, res: Response): void {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const current = req.session as RequestSession | undefined;
    if (!current) return;
    const keys = this.sessions
      .changedKeys(current)
      .filter((key) => !isSecretName(key) && KEY_NAME.test(key));
    if (keys.length === 0) return;
    const action = `${req.method} ${req.path}`;
    if (!ACTION.test(action)) return;
    res.cookie(
      this.formChangeCookie,
      JSON.stringify({
        a: action,
        k: keys.slice(0, MAX_REMEMBERED_KEYS),
        n: keys.length,
      }),
      { ...this.sessions.cookieOptions, maxAge: FORM_CHANGE_MAX_AGE_MS },
    );
  }

  /** On a rendered page: what the previous post changed, told once (the cookie is removed). */
  takeFormChange(req: Request, res: Response): FormChange | null {
    const raw = rawCookie(req.headers.cookie, this.formChangeCookie);
    if (raw === undefined) return null;
    res.clearCookie(this.formChangeCookie, this.sessions.cookieOptions);
    return parseFormChange(raw);
  }
}
