/** What a write must change, key by key, to store a session object. */
export interface SessionChanges {
  /** Keys added or changed. */
  set: string[];
  /** Keys removed. */
  unset: string[];
  /** Keys that only went up or down by a number, said by the code that changed them. */
  inc: Map<string, number>;
  /** The cookie became permanent or browser-session. */
  cookie: boolean;
  /** The deadline changed. */
  deadline: boolean;
  /** The owner changed. */
  userId: boolean;
  /** Some key cannot be written alone (a dot or a leading `$`), or the stored format is outdated: write the whole session. */
  whole: boolean;
}

/** Keys of the data that are not the visitor's: the store writes them itself. */
const STORE_KEYS: ReadonlySet<string> = new Set(['cookie']);

/** Whether a changes object asks for no write of the data. */
export function isUnchanged(changes: SessionChanges): boolean {
  return (
    changes.set.length === 0 &&
    changes.unset.length === 0 &&
    changes.inc.size === 0 &&
    !changes.cookie &&
    !changes.deadline &&
    !changes.userId &&
    !changes.whole
  );
}

/** The session's own keys: everything but the cookie and undefined values. */
export function dataKeys(session: Record<string, unknown>): string[] {
  return Object.keys(session).filter(
    (key) => !STORE_KEYS.has(key) && session[key] !== undefined,
  );
}

/** The cookie's originalMaxAge: a number for a permanent session, else null. */
export function maxAgeOf(session: Record<string, unknown>): number | null {
  const cookie = session.cookie as { originalMaxAge?: unknown } | undefined;
  return typeof cookie?.originalMaxAge === 'number'
    ? cookie.originalMaxAge
    : null;
}

export function snapshotOf(
  session: Record<string, unknown>,
): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const key of dataKeys(session))
    snapshot.set(key, JSON.stringify(session[key]));
  return snapshot;
}

/** A key that can be written alone: a MongoDB field name (no dot, no leading `$`). */
export function isFieldName(key: string): boolean {
  return key.length > 0 && !key.includes('.') && !key.startsWith('$');
}
