import { createHash } from 'node:crypto';

/**
 * The key a session is stored under: the SHA-256 of its ID, in hex. The
 * cookie carries the ID; the database holds only its digest, so a read of the
 * store (a backup, a leaked dump) opens no session: the ID cannot be computed
 * back from the key. Rails stores sessions this way since 2019.
 */
export function storageKeyOf(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/**
 * A short reference to a stored session: the key's first 8 hex digits. Tells
 * one user's sessions apart on a page; opens nothing.
 */
export function sessionRefOf(storageKey: string): string {
  return storageKey.slice(0, 8);
}
