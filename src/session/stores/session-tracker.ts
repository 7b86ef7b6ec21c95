import {
  dataKeys,
  isFieldName,
  maxAgeOf,
  snapshotOf,
  type SessionChanges,
} from './session-snapshot.js';
import type { StoredSession } from './stored-session.js';

export type { SessionChanges } from './session-snapshot.js';

/** What a store knows of one session object besides its data. */
export interface TrackedSession {
  /** Each top-level key's value as JSON, as stored (loaded, or last written by this process). */
  snapshot: Map<string, string>;
  /** The cookie's originalMaxAge as stored: a number for a permanent session. */
  maxAge: number | null;
  /** When the session was created (ms); the absolute lifetime counts from here. */
  createdAt: number;
  /** An expiry asked for this session alone (ms), or null. */
  deadline: number | null;
  /** The owner as stored. */
  userId: string | null;
  /** When the record was last written or touched (ms), by anyone. */
  lastModified: number | null;
  /** The stored data is in a format this store no longer writes: the next write rewrites it whole. */
  outdated: boolean;
  /** The record as the database last returned it to this process. */
  record: StoredSession | null;
  /** Top-level keys this process wrote for this session object, in the order written. */
  written: Set<string>;
}

/**
 * The one place that knows what changed in a session during a request: a
 * snapshot of each top-level key, taken when the store loads or writes the
 * session, compared with the session object when it is saved. The stores
 * write only the changes (so that parallel requests of one visitor keep each
 * other's), the commit step saves only a changed session, and the
 * stored-session panel names the keys a request wrote.
 *
 * Entries are keyed by the session object (weakly): a session object lives
 * for one request.
 */
export class SessionTracker {
  private readonly entries = new WeakMap<object, TrackedSession>();
  private readonly increments = new WeakMap<object, Map<string, number>>();
  private readonly deadlines = new WeakMap<object, number | null>();

  get(session: object): TrackedSession | undefined {
    return this.entries.get(session);
  }

  /** Remembers what the store loaded (before express-session turns the data into a Session). */
  loaded(
    data: Record<string, unknown>,
    entry: Omit<TrackedSession, 'snapshot' | 'written'>,
  ): void {
    this.entries.set(data, {
      ...entry,
      snapshot: snapshotOf(data),
      written: new Set(),
    });
  }

  /** express-session made a Session of loaded data: the entry follows the new object. */
  adopt(data: object, session: object): void {
    const entry = this.entries.get(data);
    if (!entry) return;
    this.entries.delete(data);
    this.entries.set(session, entry);
  }

  /** The session object is now stored as it is. */
  written(
    session: Record<string, unknown>,
    changes: SessionChanges | null,
    entry: Omit<TrackedSession, 'snapshot' | 'written'>,
  ): void {
    const previous = this.entries.get(session);
    const written = previous?.written ?? new Set<string>();
    const keys = changes
      ? [...changes.set, ...changes.unset, ...changes.inc.keys()]
      : dataKeys(session);
    for (const key of keys) written.add(key);
    this.entries.set(session, {
      ...entry,
      snapshot: snapshotOf(session),
      written,
    });
    this.increments.delete(session);
    this.deadlines.delete(session);
  }

  /**
   * The session's data as JSON would weigh it (bytes): what a store holds
   * for it, give or take the store's own fields.
   */
  sizeOf(session: Record<string, unknown>): number {
    let bytes = 0;
    for (const [key, json] of snapshotOf(session))
      bytes += Buffer.byteLength(key) + Buffer.byteLength(json);
    return bytes;
  }

  /**
   * Puts the session object back as it was stored (loaded, or last written);
   * a session nothing has stored loses every key. The request's changes are
   * dropped, so that nothing writes them later.
   */
  revert(session: Record<string, unknown>): void {
    const snapshot =
      this.entries.get(session)?.snapshot ?? new Map<string, string>();
    for (const key of dataKeys(session))
      if (!snapshot.has(key)) delete session[key];
    for (const [key, json] of snapshot)
      session[key] = JSON.parse(json) as unknown;
    this.increments.delete(session);
    this.deadlines.delete(session);
  }

  /** Forgets a session object (its record is gone). */
  forget(session: object): void {
    this.entries.delete(session);
  }

  /**
   * Adds `by` to a numeric key and remembers it as an increment, so the store
   * writes it as one (`$inc`, `HINCRBY`): parallel increments all count.
   * A missing key counts from 0, as `$inc` does; a key that holds something
   * else than a whole number starts again at `by`.
   */
  increment(session: Record<string, unknown>, key: string, by: number): number {
    const current = session[key] ?? 0;
    if (!Number.isSafeInteger(current)) {
      session[key] = by;
      this.increments.get(session)?.delete(key);
      return by;
    }
    const next = (current as number) + by;
    session[key] = next;
    const pending = this.increments.get(session) ?? new Map<string, number>();
    pending.set(key, (pending.get(key) ?? 0) + by);
    this.increments.set(session, pending);
    return next;
  }

  /** Asks for the session to expire at `at` (ms) at the latest, or clears that (null). */
  setDeadline(session: object, at: number | null): void {
    this.deadlines.set(session, at);
  }

  /** The deadline the next write stores: a pending one, else the stored one. */
  deadlineOf(session: object): number | null {
    return this.deadlines.has(session)
      ? (this.deadlines.get(session) ?? null)
      : (this.entries.get(session)?.deadline ?? null);
  }

  /**
   * What changed since the snapshot; null for a session object the store
   * never loaded or wrote (it is new: everything is to be written).
   */
  changes(
    session: Record<string, unknown>,
    userId: string | null,
  ): SessionChanges | null {
    const entry = this.entries.get(session);
    if (!entry) return null;
    const before = entry.snapshot;
    const after = snapshotOf(session);
    const pending = this.increments.get(session);
    const set: string[] = [];
    const inc = new Map<string, number>();
    for (const [key, json] of after) {
      if (before.get(key) === json) continue;
      const by = pending?.get(key);
      const was = before.get(key);
      const base = was === undefined ? 0 : (JSON.parse(was) as unknown);
      if (
        by !== undefined &&
        Number.isSafeInteger(base) &&
        session[key] === (base as number) + by
      )
        inc.set(key, by);
      else set.push(key);
    }
    const unset = [...before.keys()].filter((key) => !after.has(key));
    const maxAge = maxAgeOf(session);
    return {
      set,
      unset,
      inc,
      cookie: maxAge !== entry.maxAge,
      deadline: this.deadlineOf(session) !== entry.deadline,
      userId: userId !== entry.userId,
      whole:
        entry.outdated ||
        [...set, ...unset, ...inc.keys()].some((key) => !isFieldName(key)),
    };
  }

  /**
   * The keys this request wrote for the session object, and those it changed
   * since; every key for a session nothing has stored yet.
   */
  changedKeys(session: Record<string, unknown>): string[] {
    const entry = this.entries.get(session);
    if (!entry) return dataKeys(session).sort();
    const keys = new Set(entry.written);
    const changes = this.changes(session, entry.userId);
    if (changes)
      for (const key of [
        ...changes.set,
        ...changes.unset,
        ...changes.inc.keys(),
      ])
        keys.add(key);
    return [...keys].sort();
  }
}
