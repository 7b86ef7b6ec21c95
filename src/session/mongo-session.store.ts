import { Logger } from '@nestjs/common';
import { MongoStore } from 'connect-mongo';
import type { SessionData } from 'express-session';
import { MongoServerError, type Collection, type MongoClient } from 'mongodb';

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
}

type Callback<T = void> = (error: unknown, value?: T) => void;
type StoredSession = SessionData & { cookie: { toJSON?: () => object } };

/**
 * connect-mongo's store with the timeouts enforced by the server:
 * - the document's `expires` is the earlier of "idle timeout after the last
 *   use" and "absolute lifetime after creation", whatever the cookie says;
 * - an expired document is never served, even before auto-removal deletes it:
 *   `get` deletes it, and answers with a marker when it held a login, so the
 *   visitor can be told their session expired;
 * - unchanged sessions are touched at most every `touchAfterSeconds`;
 * - a session destroyed while a request was in flight is not written back.
 * Sessions are stored as documents (`stringify: false`); string-encoded sessions
 * written by connect-mongo's default settings are still read.
 */
export class MongoSessionStore extends MongoStore {
  private readonly logger = new Logger(MongoSessionStore.name);
  /** When this process last wrote a session object, so the touch at the end of the same request is skipped. */
  private readonly writtenAt = new WeakMap<object, number>();

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
    const session = decode(doc.session);
    if (!session) return null;
    const now = Date.now();
    const createdAt = session.createdAt ?? doc.createdAt?.getTime() ?? now;
    if (
      doc.expires.getTime() <= now ||
      createdAt + this.settings.absoluteMs <= now
    ) {
      await collection.deleteOne({ _id: sid });
      this.emit('destroy', sid);
      return session.loggedin
        ? { cookie: session.cookie, expiredLogin: true }
        : null;
    }
    session.createdAt = createdAt;
    if (doc.lastModified) session.lastModified = doc.lastModified.getTime();
    return session;
  }

  private async writeSession(sid: string, session: SessionData): Promise<void> {
    const now = Date.now();
    // Not written back into `session`: changing it here would make express-session
    // see it as modified again and save it twice.
    const {
      lastModified: _lastModified,
      expiredLogin: _expiredLogin,
      ...data
    } = session;
    const isNew = session.createdAt === undefined;
    const createdAt = session.createdAt ?? now;
    const stored = {
      ...data,
      cookie: cookieJson(session),
      createdAt,
    } as SessionData;
    const collection = await this.sessions;
    const fields = {
      session: stored,
      expires: this.expiryOf(createdAt, now),
      lastModified: new Date(now),
    };
    // A new session is inserted: FerretDB looks up the _id of an update or
    // upsert by scanning the collection, so upserts made creating a session
    // slower with every session stored (46 ms at 2,000, 5 ms for an insert).
    if (
      isNew &&
      (await collection
        .insertOne({ _id: sid, ...fields, createdAt: new Date(createdAt) })
        .then(
          () => true,
          (error: unknown) => {
            // Saved twice in one request: the document is there, update it.
            if (error instanceof MongoServerError && error.code === 11000)
              return false;
            throw error;
          },
        ))
    ) {
      this.writtenAt.set(session, now);
      this.emit('create', sid);
      this.emit('set', sid);
      return;
    }
    const result = await collection.updateOne(
      { _id: sid },
      {
        $set: fields,
        $setOnInsert: { createdAt: new Date(createdAt) },
      },
      // Only a new session may create a document: an existing one that is gone was
      // destroyed (logout, revocation) while this request ran, and stays gone.
      { upsert: isNew },
    );
    if (!isNew && result.matchedCount === 0) {
      this.logger.debug(
        `Session ${sid.slice(0, 6)}… was destroyed during the request; not restored`,
      );
      return;
    }
    this.writtenAt.set(session, now);
    this.emit(isNew ? 'create' : 'update', sid);
    this.emit('set', sid);
  }

  private async touchSession(sid: string, session: SessionData): Promise<void> {
    const now = Date.now();
    const lastWrite = this.writtenAt.get(session) ?? session.lastModified ?? 0;
    if (now - lastWrite < this.settings.touchAfterSeconds * 1000) return;
    const createdAt = session.createdAt ?? now;
    const collection = await this.sessions;
    await collection.updateOne(
      { _id: sid },
      {
        $set: {
          expires: this.expiryOf(createdAt, now),
          lastModified: new Date(now),
        },
      },
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

function decode(stored: SessionData | string): SessionData | null {
  if (typeof stored !== 'string') return stored;
  try {
    return JSON.parse(stored) as SessionData;
  } catch {
    return null;
  }
}
