import { isSecretName, withoutSecrets } from '../common/secret-names.js';
import type { FormChange } from './form-change.js';

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
  const shown = withoutSecrets(data, hiddenKeys, 'session') as object;
  const time = (value: unknown) =>
    value instanceof Date ? value : new Date(Number(value));
  const times = redis ? fields : record;
  const json = redis
    ? {
        key: String(record.key).replace(key, shortId(key)),
        type: 'hash',
        fields: hashWithoutSecrets(fields),
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
