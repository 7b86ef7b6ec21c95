/** The keys a form post changed, remembered for the page its redirect leads to. */
export interface FormChange {
  /** `POST /session`. */
  action: string;
  keys: string[];
  /** Changed keys left out of `keys` (it holds at most MAX_REMEMBERED_KEYS). */
  more: number;
  /** The keys of `keys` that the post removed. */
  removed: string[];
  /** When the post gave the session a new ID (a login, a logout): the start of its storage key before. */
  previousId: string | null;
}

/**
 * What a login or a logout did to the session, told on the page its redirect
 * leads to: where it happens, not only in the panel.
 */
export type FormOutcome =
  | {
      kind: 'login';
      previousId: string | null;
      id: string;
      /** The visitor's keys the new session took over. */
      carried: string[];
    }
  | {
      kind: 'logout';
      /** `session["loggedin"] = False` (true) or `session.clear()` (false). */
      keep: boolean;
      previousId: string | null;
      id: string | null;
      removed: string[];
      kept: string[];
    };

/** How many of a post's changed keys the next page is told. */
export const MAX_REMEMBERED_KEYS = 20;

/** How long the next page may come after the post and still be told. */
export const FORM_CHANGE_MAX_AGE_MS = 5 * 60_000;

export const ACTION = /^[A-Z]{3,7} \/[^\s]{0,200}$/;
export const KEY_NAME = /^[^\s;,]{1,64}$/;
/** The start of a storage key (a SHA-256 in hexadecimal), as the panel shows it. */
export const SHORT_KEY = /^[0-9a-f]{6}$/;

/** A remembered change as the browser sent it back; null for anything else (it is the visitor's to edit). */
export function parseFormChange(raw: string): FormChange | null {
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(raw));
  } catch {
    return null;
  }
  const {
    a,
    k,
    n,
    r = [],
    i = null,
  } = (value ?? {}) as {
    a?: unknown;
    k?: unknown;
    n?: unknown;
    r?: unknown;
    i?: unknown;
  };
  const keyList = (list: unknown): list is string[] =>
    Array.isArray(list) &&
    list.length <= MAX_REMEMBERED_KEYS &&
    list.every((key) => typeof key === 'string' && KEY_NAME.test(key));
  if (
    typeof a !== 'string' ||
    !ACTION.test(a) ||
    !keyList(k) ||
    !keyList(r) ||
    typeof n !== 'number' ||
    !Number.isSafeInteger(n) ||
    n < k.length ||
    (i !== null && (typeof i !== 'string' || !SHORT_KEY.test(i)))
  )
    return null;
  return {
    action: a,
    keys: k,
    more: n - k.length,
    removed: r.filter((key) => k.includes(key)),
    previousId: i,
  };
}

/** The keys of a stored session a page tells of: not express-session's `cookie`. */
const told = (keys: readonly string[]) =>
  keys.filter((key) => key !== 'cookie');

/**
 * What the login (`login`) or logout (`logout`) post before this page did,
 * from what it changed and the session as it is now; null after any other
 * post. `keysNow` are the stored session's keys, `loggedin` its value.
 */
export function formOutcome(
  change: FormChange | null,
  actions: { login: string; logout: string },
  now: { keys: readonly string[]; id: string | null; loggedin: unknown },
): FormOutcome | null {
  if (change?.action === actions.login)
    return {
      kind: 'login',
      previousId: change.previousId,
      id: now.id ?? '',
      carried: told(now.keys).filter((key) => !change.keys.includes(key)),
    };
  if (change?.action === actions.logout) {
    const keep = now.loggedin === false;
    return {
      kind: 'logout',
      keep,
      previousId: change.previousId,
      id: now.id,
      removed: change.removed,
      kept: told(now.keys).filter(
        (key) => key !== 'loggedin' && !change.removed.includes(key),
      ),
    };
  }
  return null;
}
