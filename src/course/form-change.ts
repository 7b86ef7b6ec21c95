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
export const FORM_CHANGE_MAX_AGE_MS = 5 * 60_000;

export const ACTION = /^[A-Z]{3,7} \/[^\s]{0,200}$/;
export const KEY_NAME = /^[^\s;,]{1,64}$/;

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
