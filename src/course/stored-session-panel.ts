import { Injectable, SetMetadata } from '@nestjs/common';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import type { Request, Response } from 'express';
import { rawCookie } from '../common/raw-cookie.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { isSecretName } from '../common/secret-names.js';
import {
  ACTION,
  FORM_CHANGE_MAX_AGE_MS,
  formOutcome,
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

export const STORED_SESSION_PANEL = 'nest-sessions:stored-session-panel';

/**
 * Marks a handler (or every handler of a controller) whose page ends with
 * the panel "What the server stored for you": the visitor's session as the
 * store holds it after this request.
 */
export const ShowsStoredSession = (): ClassDecorator & MethodDecorator =>
  SetMetadata(STORED_SESSION_PANEL, true);

/**
 * The panel "What the server stored for you", through the session
 * package's public API: the record as the store last read or wrote it
 * (SessionStore.describe, no database round trip), and the keys this
 * request changed, from a snapshot of the session taken before the handler.
 *
 * With redirect-after-post, what a form changed was written by the post,
 * and the page after the redirect changes only `flashes` (showing them
 * removes them). So a post that changed the session leaves the keys it
 * changed in a short-lived cookie (`<session cookie>_changed`), which the
 * next rendered page takes back: no database write, and any instance can
 * show it. The cookie names keys, never values (and, when the post gave the
 * session a new ID, the start of the old storage key); a forged one only
 * changes what its sender's pages say.
 */
@Injectable()
export class StoredSessionPanel {
  /** Each request's session as it was before the handler: key → JSON, and its storage key. */
  private readonly before = new WeakMap<
    Request,
    { data: Map<string, string>; key: string | null }
  >();

  constructor(
    private readonly sessions: SessionService,
    private readonly urls: UrlForService,
  ) {}

  get formChangeCookie(): string {
    return `${this.sessions.cookieName}_changed`;
  }

  /** Remembers the session as it is now, to tell later what the request changed. */
  snapshot(req: Request): void {
    const current = req.session as RequestSession | undefined;
    if (current)
      this.before.set(req, {
        data: snapshotOf(current),
        key:
          typeof req.sessionID === 'string'
            ? (this.sessions.store.describe(req.sessionID, current)?.key ??
              null)
            : null,
      });
  }

  /** The panel, once the session is saved; with what a login or logout just before did. */
  read(req: Request, formChange: FormChange | null = null): StoredSessionView {
    const current = req.session as RequestSession | undefined;
    const stored =
      current && this.sessions.store.describe(req.sessionID, current);
    const view = stored
      ? storedSessionView(
          stored,
          this.changedKeys(req),
          this.sessions.store.kind,
          formChange,
        )
      : { ...NOTHING_STORED, formChange };
    return {
      ...view,
      formOutcome: formOutcome(
        formChange,
        {
          login: `POST ${this.urls.urlFor('login')}`,
          logout: `POST ${this.urls.urlFor('logout')}`,
        },
        {
          keys: view.keys,
          id: view.found ? view.shortId.replace('…', '') : null,
          loggedin: current?.loggedin,
        },
      ),
    };
  }

  /** After a post that changed the session (and was saved): the keys it changed, for the next page. */
  rememberFormChange(req: Request, res: Response): void {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const keys = this.changedKeys(req).filter(
      (key) => !isSecretName(key) && KEY_NAME.test(key),
    );
    if (keys.length === 0) return;
    const action = `${req.method} ${req.path}`;
    if (!ACTION.test(action)) return;
    const told = keys.slice(0, MAX_REMEMBERED_KEYS);
    const after = req.session as RequestSession | undefined;
    const removed = told.filter((key) => !after || !Object.hasOwn(after, key));
    const before = this.before.get(req)?.key;
    const renewed =
      before &&
      after &&
      typeof req.sessionID === 'string' &&
      this.sessions.store.keyOf(req.sessionID) !== before;
    res.cookie(
      this.formChangeCookie,
      JSON.stringify({
        a: action,
        k: told,
        n: keys.length,
        ...(removed.length > 0 && { r: removed }),
        ...(renewed && { i: before.slice(0, 6) }),
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

  /** The keys that differ between the snapshot and the session now, sorted. */
  private changedKeys(req: Request): string[] {
    const current = req.session as RequestSession | undefined;
    const before = this.before.get(req)?.data ?? new Map<string, string>();
    const after = current ? snapshotOf(current) : new Map<string, string>();
    const keys = new Set<string>();
    for (const [key, json] of after)
      if (before.get(key) !== json) keys.add(key);
    for (const key of before.keys()) if (!after.has(key)) keys.add(key);
    return [...keys].sort();
  }
}

function snapshotOf(session: RequestSession): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const [key, value] of Object.entries(session))
    if (key !== 'cookie' && value !== undefined)
      snapshot.set(key, JSON.stringify(value));
  return snapshot;
}
