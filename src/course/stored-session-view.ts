import { isSecretName, withoutSecrets } from '../common/secret-names.js';
import type { FormChange, FormOutcome } from './form-change.js';

/** What the panel shows of the visitor's stored session. */
export interface StoredSessionView {
  found: boolean;
  /** Which database holds it. */
  store: string | null;
  /** The first characters of the storage key: enough to recognise it, not to use it. */
  shortId: string;
  /** The record as the database holds it, secrets removed, as indented JSON. */
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
  /** What that form did, when it was a login or a logout (StoredSessionPanel.read). */
  formOutcome?: FormOutcome | null;
}

/** A record as SessionStore.describe() gives it. */
export interface DescribedSession {
  key: string;
  record: Record<string, unknown>;
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 6)}…` : id;
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

/**
 * The panel's content for a stored session, as its database holds it: a
 * MongoDB document (`session` holds the data), or a Redis hash (a field per
 * key, `d:<key>`, each a JSON string).
 */
export function storedSessionView(
  { key, record }: DescribedSession,
  changedKeys: readonly string[],
  store: string,
  formChange: FormChange | null = null,
): StoredSessionView {
  const hiddenKeys: string[] = [];
  const redis = store === 'redis';
  const fields = (record.fields ?? {}) as Record<string, string>;
  const data = redis ? dataOfHash(fields) : (record.session as object);
  const shown = inOrder(
    withoutSecrets(data, hiddenKeys, 'session') as Record<string, unknown>,
  );
  const time = (value: unknown) =>
    value instanceof Date ? value : new Date(Number(value));
  const times = redis ? fields : record;
  const json = redis
    ? {
        key: String(record.key).replace(key, shortId(key)),
        type: 'hash',
        fields: inOrder(hashWithoutSecrets(fields)),
      }
    : { ...record, _id: shortId(key), session: shown };
  return {
    found: true,
    store,
    shortId: shortId(key),
    json: JSON.stringify(json, null, 2),
    keys: Object.keys(shown),
    expires: time(times.expires),
    lastModified: time(times.lastModified),
    createdAt: time(times.createdAt),
    bytes: Buffer.byteLength(JSON.stringify(record)),
    changedKeys: changedKeys.filter((name) => !isSecretName(name)),
    hiddenKeys,
    formChange,
  };
}

/** express-session's cookie fields, in the order of its own toJSON(). */
const COOKIE_FIELDS = [
  'originalMaxAge',
  'partitioned',
  'priority',
  'expires',
  'secure',
  'httpOnly',
  'domain',
  'path',
  'sameSite',
];

/** The times a record keeps beside the data, after it. */
const TIMES = ['createdAt', 'expires', 'lastModified'];

/**
 * A session's keys in one order whatever order they were set in: the cookie
 * first, then the keys alphabetically (a hash's `d:` fields, then its times).
 * The cookie as express-session's toJSON() gives it: `expires`, never the
 * `_expires` of the object it keeps in memory.
 */
function inOrder<T>(data: Record<string, T>): Record<string, T> {
  const rank = (key: string) =>
    key === 'cookie' ? 0 : TIMES.includes(key) ? 2 : 1;
  const ordered: Record<string, T> = {};
  for (const key of Object.keys(data).sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  ))
    ordered[key] = key === 'cookie' ? cookieShown(data[key]) : data[key];
  return ordered;
}

/** The cookie's fields, named and ordered as toJSON() does; a hash's JSON string stays a string. */
function cookieShown<T>(cookie: T): T {
  if (typeof cookie === 'string') {
    try {
      return JSON.stringify(cookieShown(JSON.parse(cookie) as unknown)) as T;
    } catch {
      return cookie;
    }
  }
  if (typeof cookie !== 'object' || cookie === null) return cookie;
  const { _expires, ...fields } = cookie as Record<string, unknown>;
  // A browser-session cookie: null, as express-session reads it back, also
  // on the request that created it (where toJSON() leaves them undefined).
  fields.expires ??= _expires ?? null;
  fields.originalMaxAge ??= null;
  const rank = (key: string) =>
    COOKIE_FIELDS.includes(key)
      ? COOKIE_FIELDS.indexOf(key)
      : COOKIE_FIELDS.length;
  return Object.fromEntries(
    Object.keys(fields)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .map((key) => [key, fields[key]]),
  ) as T;
}

/** A hash's data: the cookie and the `d:` fields, parsed. */
function dataOfHash(fields: Record<string, string>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields))
    if (field === 'cookie' || field.startsWith('d:'))
      data[field.replace(/^d:/, '')] = JSON.parse(value) as unknown;
  return data;
}

/** The hash's fields without secret ones; a data field's JSON without secrets inside. */
function hashWithoutSecrets(
  fields: Record<string, string>,
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    const name = field.replace(/^d:/, '');
    if (isSecretName(name)) continue;
    shown[field] =
      field === name
        ? value
        : JSON.stringify(withoutSecrets(JSON.parse(value), [], name));
  }
  return shown;
}
