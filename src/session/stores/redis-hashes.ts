import type { ClientDescription } from '../client-description.js';
import type { LoadedRecord } from './session-store.js';
import { dataKeys } from './session-snapshot.js';
import type { StoredSession } from './stored-session.js';

/** Hash fields that hold the data: one per top-level key, as JSON. */
export const DATA = 'd:';

/** A session's hash as Redis answers it: field → string. */
export type Hash = Record<string, string>;

/** A flat [field, value, …] reply as an object. */
export function hashOf(fields: string[]): Hash {
  const hash: Hash = {};
  for (let i = 0; i + 1 < fields.length; i += 2)
    hash[fields[i]] = fields[i + 1];
  return hash;
}

/** The session data of a hash: its cookie and its `d:` fields; null when a field is not JSON. */
export function dataOf(hash: Hash): Record<string, unknown> | null {
  const data: Record<string, unknown> = {};
  try {
    if (hash.cookie !== undefined) data.cookie = JSON.parse(hash.cookie);
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(DATA))
        data[field.slice(DATA.length)] = JSON.parse(value);
    }
  } catch {
    return null;
  }
  return data;
}

/** The [field, JSON] pairs that hold a session's data (its cookie apart). */
export function dataFields(data: Record<string, unknown>): string[] {
  return dataKeys(data).flatMap((name) => [name, JSON.stringify(data[name])]);
}

/** A time field (ms); null when absent or not a number. */
export function msOf(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : null;
}

const dateOf = (ms: number | null) => (ms === null ? null : new Date(ms));

/** A hash as the stores' common shape; `now` stands in for a missing creation time. */
export function storedOf(
  key: string,
  hashKey: string,
  hash: Hash,
  now: number,
): StoredSession {
  const lastModified = msOf(hash.lastModified);
  // The data, the client and the size are worked out when asked (the
  // stored-session panel, the sessions list): a record loaded and then
  // written in one request is replaced before anyone looks.
  let data: Record<string, unknown> | undefined;
  let client: ClientDescription | null | undefined;
  let bytes: number | undefined;
  return {
    key,
    get data() {
      return (data ??= dataOf(hash) ?? {});
    },
    createdAt: new Date(msOf(hash.createdAt) ?? lastModified ?? now),
    expires: new Date(msOf(hash.expires) ?? 8.64e15),
    lastModified: dateOf(lastModified),
    lastSeenAt: dateOf(lastModified),
    userId: hash.userId ?? null,
    get client() {
      return client === undefined ? (client = clientOf(hash)) : client;
    },
    deadline: dateOf(msOf(hash.deadline)),
    raw: { key: hashKey, hash },
    get bytes() {
      return (bytes ??= Object.entries(hash).reduce(
        (sum, [field, value]) =>
          sum + Buffer.byteLength(field) + Buffer.byteLength(value),
        0,
      ));
    },
  };
}

/** The client a hash names; null when absent or not JSON. */
function clientOf(hash: Hash): ClientDescription | null {
  try {
    return hash.client ? (JSON.parse(hash.client) as ClientDescription) : null;
  } catch {
    return null;
  }
}

/** A hash as the shared rules read a record. */
export function loadedOf(
  key: string,
  hashKey: string,
  hash: Hash,
  now: number,
): LoadedRecord {
  return {
    key,
    data: dataOf(hash),
    createdAt: msOf(hash.createdAt),
    lastModified: msOf(hash.lastModified),
    expires: msOf(hash.expires),
    deadline: msOf(hash.deadline),
    userId: hash.userId ?? null,
    outdated: false,
    record: storedOf(key, hashKey, hash, now),
  };
}
