import type { StoredSession } from '../../session/stores/stored-session.js';
import type { FormChange } from './form-change.js';
import { isSecretName } from '../secret-names.js';

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
      if (isSecretName(key)) hidden.push(keyPath);
      else copy[key] = withoutSecrets(item, hidden, keyPath);
    }
    return copy;
  }
  return value;
}

export const NOTHING_STORED: StoredSessionView = {
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
    changedKeys: changedKeys.filter((key) => !isSecretName(key)),
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
    if (isSecretName(field)) {
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
