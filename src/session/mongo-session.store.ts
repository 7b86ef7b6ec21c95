import { Logger } from '@nestjs/common';
import { MongoStore } from 'connect-mongo';
import type { Request } from 'express';
import type { Session, SessionData } from 'express-session';
import {
  MongoServerError,
  type Collection,
  type MongoClient,
  type UpdateFilter,
} from 'mongodb';
import {
  describeClient,
  type ClientDescription,
} from './client-description.js';
import { SessionWriteLock } from './session-write-lock.js';

export interface MongoSessionStoreOptions {
  client: MongoClient;
  collectionName: string;
  idleMs: number;
  absoluteMs: number;
  touchAfterSeconds: number;
}

/** A session as the collection holds it. */
export interface SessionDocument {
  _id: string;
  /** The session's data as a document; older versions stored a JSON string. */
  session: SessionData | string;
  expires: Date;
  lastModified?: Date;
  createdAt?: Date;
  /** The last request that wrote or touched the session (touches are throttled by touchAfter). */
  lastSeenAt?: Date;
  /** The logged-in owner (`session.user.id`), lifted out of the data so it can be indexed. */
  userId?: string;
  /** The client that opened the session. */
  client?: ClientDescription;
}

type Callback<T = void> = (error: unknown, value?: T) => void;
type StoredSession = SessionData & { cookie: { toJSON?: () => object } };
/** Each top-level key of a session as JSON, as it was loaded or last written. */
type Snapshot = Map<string, string>;

/** Keys the store writes itself on every save, or never stores. */
const STORE_KEYS = new Set(['cookie', 'createdAt', 'lastModified']);
/** Keys that only ever count up or down: written as `$inc` so parallel requests all count. */
const COUNTER_KEYS = new Set(['count']);
/** MongoDB's TypeMismatch: `$inc` on a value that is not a number. */
const TYPE_MISMATCH = 14;

/**
 * connect-mongo's store with the timeouts enforced by the server:
 * - the document's `expires` is the earlier of "idle timeout after the last
 *   use" and "absolute lifetime after creation", whatever the cookie says;
 * - an expired document is never served, even before auto-removal deletes it:
 *   `get` deletes it and answers "no such session" (SessionService tells the
 *   visitor when it held a login);
 * - unchanged sessions are touched at most every `touchAfterSeconds`;
 * - a session destroyed while a request was in flight is not written back;
 * - an existing session is saved key by key: only the top-level keys the
 *   request changed are written (`$set` / `$unset`, and `$inc` for the
 *   counter), so parallel requests of one visitor that change different keys
 *   do not erase each other; what changed is found by comparing with a
 *   snapshot taken when the session was loaded (`createSession`);
 * - the owner's user id, the client's description and the last activity are
 *   top-level fields, so a user's sessions can be listed and ended.
 * Sessions are stored as documents (`stringify: false`); string-encoded sessions
 * written by connect-mongo's default settings are still read, and rewritten as
 * documents on their next save.
 */
export class MongoSessionStore extends MongoStore {
  private readonly logger = new Logger(MongoSessionStore.name);
  /** When this process last wrote a session object, so the touch at the end of the same request is skipped. */
  private readonly writtenAt = new WeakMap<object, number>();
  private readonly snapshots = new WeakMap<object, Snapshot>();
  /** Data decoded from a JSON string: its first save rewrites the whole document. */
  private readonly legacy = new WeakSet<object>();
  /**
   * Each session's document as the database last returned it (loaded, or
   * after this process updated it), forgotten when the session is inserted
   * or touched: the stored-session panel shows it without reading it again.
   */
  private readonly loadedDocuments = new WeakMap<object, SessionDocument>();
  private readonly writeLock: SessionWriteLock;
  private writeLockNeeded?: Promise<boolean>;

  constructor(private readonly settings: MongoSessionStoreOptions) {
    super({
      client: settings.client,
      collectionName: settings.collectionName,
      stringify: false,
      touchAfter: settings.touchAfterSeconds,
      ttl: Math.ceil(settings.idleMs / 1000),
      // Removal of expired documents is SessionExpiryService's job (TTL index or interval).
      autoRemove: 'disabled',
    });
    this.writeLock = new SessionWriteLock(
      Promise.resolve(
        settings.client.db().collection(`${settings.collectionName}_locks`),
      ),
    );
  }

  /** express-session builds each loaded session here: the place to remember what it held. */
  override createSession(
    req: Request,
    data: SessionData,
  ): Session & SessionData {
    const session = super.createSession(req, data);
    if (!this.legacy.has(data))
      this.snapshots.set(session, snapshotOf(session));
    const loaded = this.loadedDocuments.get(data);
    if (loaded) {
      this.loadedDocuments.delete(data);
      this.loadedDocuments.set(session, loaded);
    }
    return session;
  }

  /**
   * The stored document of `session` as the database last returned it to
   * this process (loaded, or after an update); undefined when unknown.
   */
  loadedDocument(session: object): SessionDocument | undefined {
    return this.loadedDocuments.get(session);
  }

  /**
   * Whether `session` came from the database or was written to it by this
   * process; false for the fresh session express-session gives a visitor
   * without one, which nothing has stored.
   */
  hasStored(session: object): boolean {
    return this.loadedDocuments.has(session) || this.writtenAt.has(session);
  }

  get sessions(): Promise<Collection<SessionDocument>> {
    return this.collectionP as unknown as Promise<Collection<SessionDocument>>;
  }

  /** When a session created at `createdAt` and used `now` expires. */
  expiryOf(createdAt: number, now: number): Date {
    return new Date(
      Math.min(
        now + this.settings.idleMs,
        createdAt + this.settings.absoluteMs,
      ),
    );
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.loadSession(sid).then(
      (session) => callback(null, session),
      (error: unknown) => callback(error),
    );
  }

  override set(
    sid: string,
    session: SessionData,
    callback: Callback = noop,
  ): void {
    this.writeSession(sid, session).then(
      () => callback(null),
      (error: unknown) => callback(error),
    );
  }

  override touch(
    sid: string,
    session: SessionData,
    callback: Callback = noop,
  ): void {
    this.touchSession(sid, session).then(
      () => callback(null),
      (error: unknown) => callback(error),
    );
  }

  private async loadSession(sid: string): Promise<SessionData | null> {
    const collection = await this.sessions;
    const doc = await collection.findOne({ _id: sid });
    if (!doc) return null;
    // A copy: express-session turns the data into the request's session in place.
    const stored = structuredClone(doc);
    const session = decode(doc.session);
    if (!session) return null;
    if (typeof doc.session === 'string') this.legacy.add(session);
    const now = Date.now();
    const createdAt = session.createdAt ?? doc.createdAt?.getTime() ?? now;
    if (
      doc.expires.getTime() <= now ||
      createdAt + this.settings.absoluteMs <= now
    ) {
      await collection.deleteOne({ _id: sid });
      this.emit('destroy', sid);
      return null;
    }
    session.createdAt = createdAt;
    if (doc.lastModified) session.lastModified = doc.lastModified.getTime();
    this.loadedDocuments.set(session, stored);
    return session;
  }

  private async writeSession(sid: string, session: SessionData): Promise<void> {
    this.loadedDocuments.delete(session);
    const now = Date.now();
    // Not written back into `session`: changing it here would make express-session
    // see it as modified again and save it twice.
    const { lastModified: _lastModified, ...data } = session;
    const isNew = session.createdAt === undefined;
    const createdAt = session.createdAt ?? now;
    const stored = {
      ...data,
      cookie: cookieJson(session),
      createdAt,
    } as SessionData;
    const times = {
      expires: this.expiryOf(createdAt, now),
      lastModified: new Date(now),
      lastSeenAt: new Date(now),
    };
    const before = this.snapshots.get(session);
    const after = snapshotOf(stored);
    const collection = await this.sessions;
    let matched: boolean;
    let written: SessionDocument | null = null;
    if (isNew) {
      const client = clientOf(session);
      // Inserted, not upserted: FerretDB finds an update's _id by scanning the
      // collection, so upserts made creating a session slower with every
      // session stored (46 ms at 2,000 sessions, against 5 ms for an insert).
      const inserted = await collection
        .insertOne({
          _id: sid,
          session: stored,
          ...times,
          createdAt: new Date(createdAt),
          ...(client && { client }),
          ...(stored.user && { userId: stored.user.id }),
        })
        .then(
          () => true,
          (error: unknown) => {
            // Saved twice in one request: the document is there, update it.
            if (error instanceof MongoServerError && error.code === 11000)
              return false;
            throw error;
          },
        );
      const result = inserted
        ? undefined
        : await collection.updateOne(
            { _id: sid },
            {
              ...withOwner(stored, { session: stored, ...times }),
              $setOnInsert: {
                createdAt: new Date(createdAt),
                ...(client && { client }),
              },
            },
            { upsert: true },
          );
      matched =
        result === undefined || result.matchedCount + result.upsertedCount > 0;
    } else {
      // Only a new session may create a document: an existing one that is gone was
      // destroyed (logout, revocation) while this request ran, and stays gone.
      const full = withOwner(stored, { session: stored, ...times });
      // The database answers with the document as the update left it: what
      // the stored-session panel shows, without a second read.
      const write = (increments: boolean) =>
        collection.findOneAndUpdate(
          { _id: sid },
          before
            ? (changesBetween(before, after, stored, times, increments) ?? full)
            : full,
          { returnDocument: 'after' },
        );
      written = await this.serialised(sid, () =>
        write(true).catch((error: unknown) => {
          // Another request stored a non-number under the counter's key meanwhile.
          if (error instanceof MongoServerError && error.code === TYPE_MISMATCH)
            return write(false);
          throw error;
        }),
      );
      matched = written !== null;
    }
    if (!matched) {
      this.logger.debug(
        `Session ${sid.slice(0, 6)}… was destroyed during the request; not restored`,
      );
      return;
    }
    this.snapshots.set(session, after);
    if (written) this.loadedDocuments.set(session, written);
    this.writtenAt.set(session, now);
    this.emit(isNew ? 'create' : 'update', sid);
    this.emit('set', sid);
  }

  /**
   * Runs an update of an existing session, one at a time per session when the
   * server would otherwise lose concurrent updates (see SessionWriteLock).
   */
  private async serialised<T>(
    sid: string,
    write: () => Promise<T>,
  ): Promise<T> {
    this.writeLockNeeded ??= this.settings.client
      .db()
      .admin()
      .command({ buildInfo: 1 })
      .then(
        (info) => typeof info.ferretdbVersion === 'string',
        () => false,
      );
    return (await this.writeLockNeeded)
      ? this.writeLock.run(sid, write)
      : write();
  }

  private async touchSession(sid: string, session: SessionData): Promise<void> {
    const now = Date.now();
    const lastWrite = this.writtenAt.get(session) ?? session.lastModified ?? 0;
    if (now - lastWrite < this.settings.touchAfterSeconds * 1000) return;
    this.loadedDocuments.delete(session);
    const createdAt = session.createdAt ?? now;
    const collection = await this.sessions;
    await this.serialised(sid, () =>
      collection.updateOne(
        { _id: sid },
        {
          $set: {
            expires: this.expiryOf(createdAt, now),
            lastModified: new Date(now),
            lastSeenAt: new Date(now),
          },
        },
      ),
    );
    this.writtenAt.set(session, now);
    this.emit('touch', sid, session);
  }
}

function noop(): void {}

function cookieJson(session: StoredSession): object {
  const cookie = session.cookie;
  return typeof cookie.toJSON === 'function' ? cookie.toJSON() : cookie;
}

function snapshotOf(session: object): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const [key, value] of Object.entries(session)) {
    if (!STORE_KEYS.has(key) && value !== undefined)
      snapshot.set(key, JSON.stringify(value));
  }
  return snapshot;
}

/**
 * The update that writes only what changed between two snapshots, or null when
 * a changed key cannot be a field path (a dot or a leading `$`): then the
 * whole session is written.
 */
function changesBetween(
  before: Snapshot,
  after: Snapshot,
  stored: SessionData,
  times: Record<string, Date>,
  increments: boolean,
): UpdateFilter<SessionDocument> | null {
  const $set: Record<string, unknown> = {
    ...times,
    'session.cookie': stored.cookie,
  };
  const $unset: Record<string, ''> = {};
  const $inc: Record<string, number> = {};
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...after.keys()].filter(
    (key) => before.get(key) !== after.get(key),
  );
  if ([...removed, ...changed].some((key) => /^\$|\./.test(key))) return null;
  for (const key of removed) $unset[`session.${key}`] = '';
  for (const key of changed) {
    const delta = increments
      ? counterDelta(key, before.get(key), stored[key])
      : undefined;
    if (delta !== undefined) $inc[`session.${key}`] = delta;
    else $set[`session.${key}`] = stored[key];
  }
  if (removed.includes('user') || changed.includes('user')) {
    if (stored.user) $set.userId = stored.user.id;
    else $unset.userId = '';
  }
  return {
    $set,
    ...(Object.keys($unset).length > 0 && { $unset }),
    ...(Object.keys($inc).length > 0 && { $inc }),
  };
}

/** How much a counter went up or down in this request; undefined when it is not a counter change. */
function counterDelta(
  key: string,
  beforeJson: string | undefined,
  value: unknown,
): number | undefined {
  if (!COUNTER_KEYS.has(key)) return undefined;
  const previous =
    beforeJson === undefined ? 0 : (JSON.parse(beforeJson) as unknown);
  if (!Number.isSafeInteger(previous) || !Number.isSafeInteger(value))
    return undefined;
  return (value as number) - (previous as number);
}

/** A full write's update, with the owner's id set or cleared to match `session.user`. */
function withOwner(
  stored: SessionData,
  $set: Record<string, unknown>,
): UpdateFilter<SessionDocument> {
  return stored.user
    ? { $set: { ...$set, userId: stored.user.id } }
    : { $set, $unset: { userId: '' } };
}

/** The client behind the request that created the session (express-session keeps it as `session.req`). */
function clientOf(session: object): ClientDescription | undefined {
  const req = (session as { req?: Request }).req;
  if (!req?.headers) return undefined;
  return describeClient(
    req.headers['user-agent'],
    req.ip ?? req.socket?.remoteAddress,
  );
}

function decode(stored: SessionData | string): SessionData | null {
  if (typeof stored !== 'string') return stored;
  try {
    return JSON.parse(stored) as SessionData;
  } catch {
    return null;
  }
}
