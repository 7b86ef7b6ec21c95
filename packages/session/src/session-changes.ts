/**
 * What changed in a session during a request, key by key: the stores write
 * only this, so that parallel requests of one visitor keep each other's
 * changes. A snapshot (each top-level key's value as JSON) is taken when the
 * store reads or writes the session and compared with the session object
 * when it is saved.
 */

/** A session's data as the stores handle it: its top-level keys, the cookie among them. */
export type Data = Record<string, unknown>;

/** Each top-level key's value as JSON, the cookie apart. */
export type Snapshot = ReadonlyMap<string, string>;

/** What the store knows of a session as it stored it. */
export interface StoredState {
  snapshot: Snapshot;
  /** The cookie's originalMaxAge: a number for a persistent cookie, else null. */
  maxAge: number | null;
  userId: string | null;
  /** Additions asked through SessionService.increment since then, by key. */
  increments?: Map<string, number>;
}

/** What one write must change. */
export interface SessionChanges {
  /** Keys added or changed. */
  set: string[];
  /** Keys removed. */
  unset: string[];
  /** Keys that only went up or down by a whole number, as the code that changed them said. */
  inc: Map<string, number>;
  /** The cookie's lifetime changed (persistent or not, or another maxAge). */
  cookie: boolean;
  /** The owner changed. */
  userId: boolean;
}

/** The session's own keys: all but the cookie, and none whose value is undefined. */
export function dataKeys(data: Data): string[] {
  return Object.keys(data).filter(
    (key) => key !== 'cookie' && data[key] !== undefined,
  );
}

export function snapshotOf(data: Data): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const key of dataKeys(data))
    snapshot.set(key, JSON.stringify(data[key]));
  return snapshot;
}

/** The data's weight as JSON (bytes): what a store holds for it, give or take its own fields. */
export function sizeOf(snapshot: Snapshot): number {
  let bytes = 0;
  for (const [key, json] of snapshot)
    bytes += Buffer.byteLength(key) + Buffer.byteLength(json);
  return bytes;
}

/** The cookie's originalMaxAge: a number for a persistent cookie, else null. */
export function maxAgeOf(data: Data): number | null {
  const cookie = data.cookie as { originalMaxAge?: unknown } | undefined;
  return typeof cookie?.originalMaxAge === 'number'
    ? cookie.originalMaxAge
    : null;
}

/** What differs between the stored state and the session object now; null when nothing does. */
export function changesOf(
  stored: StoredState,
  now: Snapshot,
  data: Data,
  userId: string | null,
): SessionChanges | null {
  const set: string[] = [];
  const inc = new Map<string, number>();
  for (const [key, json] of now) {
    const was = stored.snapshot.get(key);
    if (was === json) continue;
    const by = stored.increments?.get(key);
    const base = was === undefined ? 0 : (JSON.parse(was) as unknown);
    if (
      by !== undefined &&
      Number.isSafeInteger(base) &&
      data[key] === (base as number) + by
    )
      inc.set(key, by);
    else set.push(key);
  }
  const unset = [...stored.snapshot.keys()].filter((key) => !now.has(key));
  const changes: SessionChanges = {
    set,
    unset,
    inc,
    cookie: maxAgeOf(data) !== stored.maxAge,
    userId: userId !== stored.userId,
  };
  const unchanged =
    set.length === 0 &&
    unset.length === 0 &&
    inc.size === 0 &&
    !changes.cookie &&
    !changes.userId;
  return unchanged ? null : changes;
}

/** Every key the changes name. */
export function changedKeys(changes: SessionChanges): string[] {
  return [...changes.set, ...changes.unset, ...changes.inc.keys()];
}
