import { Injectable, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rawCookie } from '../../session/raw-cookie.js';
import {
  SessionService,
  type RequestSession,
} from '../../session/session.service.js';
import type { StoredSession } from '../../session/stores/stored-session.js';

export const STORED_SESSION_PANEL = 'nest-sessions:stored-session-panel';

/**
 * Marks a handler (or every handler of a controller) whose page ends with
 * the panel "What the server stored for you": the visitor's session as the
 * store holds it after this request.
 */
export const ShowsStoredSession = (): ClassDecorator & MethodDecorator =>
  SetMetadata(STORED_SESSION_PANEL, true);

/** What the panel shows of the visitor's stored session. */
export interface StoredSessionView {
  found: boolean;
  /** Which database holds it. */
  store: 'mongodb' | 'redis' | null;
  /** The first characters of the storage key: enough to recognise it, not to use it. */
  shortId: string;
  /** The record's fields with secrets removed, as indented JSON. */
  json: string;
  keys: string[];
  expires: Date | null;
  lastModified: Date | null;
  createdAt: Date | null;
  /** Size of the whole record as the database holds it, secrets included (bytes). */
  bytes: number;
  /** Keys this request added, changed or removed (secrets left out). */
  changedKeys: string[];
  hiddenKeys: string[];
  /** What the form posted just before changed (with redirect-after-post, the previous request). */
  formChange: FormChange | null;
}

/** The keys a form post changed, remembered for the page its redirect leads to. */
export interface FormChange {
  /** `POST /session`. */
  action: string;
  keys: string[];
  /** Changed keys left out of `keys` (it holds at most MAX_REMEMBERED_KEYS). */
  more: number;
}

/** How many of a post's changed keys the next page is told. */
export const MAX_REMEMBERED_KEYS = 20;

/** How long the next page may come after the post and still be told. */
const FORM_CHANGE_MAX_AGE_MS = 5 * 60_000;

const ACTION = /^[A-Z]{3,7} \/[^\s]{0,200}$/;
const KEY_NAME = /^[^\s;,]{1,64}$/;

/** A remembered change as the browser sent it back; null for anything else (it is the visitor's to edit). */
export function parseFormChange(raw: string): FormChange | null {
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(raw));
  } catch {
    return null;
  }
  const { a, k, n } = (value ?? {}) as {
    a?: unknown;
    k?: unknown;
    n?: unknown;
  };
  if (
    typeof a !== 'string' ||
    !ACTION.test(a) ||
    !Array.isArray(k) ||
    k.length > MAX_REMEMBERED_KEYS ||
    !k.every((key) => typeof key === 'string' && KEY_NAME.test(key)) ||
    typeof n !== 'number' ||
    !Number.isSafeInteger(n) ||
    n < k.length
  )
    return null;
  return { action: a, keys: k as string[], more: n - k.length };
}

/** Keys whose values are never shown: CSRF material, password data, anything secret. */
export const SECRET_KEY = /csrf|password|secret|token|hash/i;

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 6)}…` : id;
}

/** A copy of `value` without secret keys; the removed key paths are collected. */
export function withoutSecrets(
  value: unknown,
  hidden: string[] = [],
  path = '',
): unknown {
  if (Array.isArray(value))
    return value.map((item, index) =>
      withoutSecrets(item, hidden, `${path}[${index}]`),
    );
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (SECRET_KEY.test(key)) hidden.push(keyPath);
      else copy[key] = withoutSecrets(item, hidden, keyPath);
    }
    return copy;
  }
  return value;
}

const NOTHING_STORED: StoredSessionView = {
  found: false,
  store: null,
  shortId: '',
  json: '',
  keys: [],
  expires: null,
  lastModified: null,
  createdAt: null,
  bytes: 0,
  changedKeys: [],
  hiddenKeys: [],
  formChange: null,
};

/** The panel's content for a stored session, as the store in use holds it. */
export function storedSessionView(
  stored: StoredSession,
  changedKeys: readonly string[],
  store: 'mongodb' | 'redis' = 'mongodb',
  formChange: FormChange | null = null,
): StoredSessionView {
  const hiddenKeys: string[] = [];
  const shown = withoutSecrets(stored.data, hiddenKeys, 'session');
  const json =
    store === 'redis'
      ? redisJson(stored, hiddenKeys)
      : JSON.stringify(
          {
            _id: shortId(stored.key),
            session: shown,
            expires: stored.expires,
            lastModified: stored.lastModified,
            createdAt: stored.createdAt,
            ...(stored.deadline && { deadline: stored.deadline }),
          },
          null,
          2,
        );
  return {
    found: true,
    store,
    shortId: shortId(stored.key),
    json,
    keys: Object.keys(shown as Record<string, unknown>),
    expires: stored.expires,
    lastModified: stored.lastModified,
    createdAt: stored.createdAt,
    bytes: stored.bytes,
    changedKeys: changedKeys.filter((key) => !SECRET_KEY.test(key)),
    hiddenKeys,
    formChange,
  };
}

/**
 * A Redis session as Redis holds it: its key and its hash's fields, each a
 * string (data fields hold JSON), secret fields left out.
 */
function redisJson(stored: StoredSession, hidden: string[]): string {
  const raw = stored.raw as { key?: string; hash?: Record<string, string> };
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw.hash ?? {})) {
    const name = field.replace(/^d:/, '');
    if (SECRET_KEY.test(field)) {
      if (!hidden.includes(`session.${name}`)) hidden.push(`session.${name}`);
      continue;
    }
    // A data field holds JSON: secrets inside it are left out too.
    fields[field] =
      field === name ? value : JSON.stringify(withoutSecretsIn(value, name));
  }
  const key = (raw.key ?? '').replace(stored.key, shortId(stored.key));
  return JSON.stringify({ key, type: 'hash', fields }, null, 2);
}

function withoutSecretsIn(json: string, name: string): unknown {
  try {
    return withoutSecrets(JSON.parse(json), [], `session.${name}`);
  } catch {
    return json;
  }
}

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
      .filter((key) => !SECRET_KEY.test(key) && KEY_NAME.test(key));
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
