import { Injectable, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
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
};

/** The panel's content for a stored session, as the store in use holds it. */
export function storedSessionView(
  stored: StoredSession,
  changedKeys: readonly string[],
  store: 'mongodb' | 'redis' = 'mongodb',
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
 */
@Injectable()
export class StoredSessionPanel {
  constructor(private readonly sessions: SessionService) {}

  async read(req: Request): Promise<StoredSessionView> {
    const current = req.session as RequestSession | undefined;
    const store = this.sessions.store;
    if (!current || !store.hasStored(current)) return NOTHING_STORED;
    const stored = store.recordOf(current) ?? (await store.read(req.sessionID));
    return stored
      ? storedSessionView(
          stored,
          this.sessions.changedKeys(current),
          store.kind,
        )
      : NOTHING_STORED;
  }
}
