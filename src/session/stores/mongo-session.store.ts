import { Logger } from '@nestjs/common';
import type {
  Collection,
  Document,
  MongoClient,
  UpdateFilter,
  WithId,
} from 'mongodb';
import type { ClientDescription } from '../client-description.js';
import type { StoreSettings } from '../session-options.js';
import {
  mongoErrorCode,
  startExpiredRemoval,
  type ExpiredRemoval,
} from './expired-removal.js';
import { storageKeyOf } from './session-key.js';
import {
  SessionStore,
  type LoadedRecord,
  type WriteTimes,
} from './session-store.js';
import type { SessionChanges } from './session-tracker.js';
import type { StoredSession, UserSession } from './stored-session.js';

/** A session as the collection holds it (connect-mongo's layout, with `stringify: false`). */
export interface SessionDocument {
  /** storageKeyOf(session ID); documents written by connect-mongo (or older versions) use the ID itself. */
  _id: string;
  /** The data; connect-mongo's default settings store it as a JSON string. */
  session: Record<string, unknown> | string;
  expires: Date;
  createdAt?: Date;
  lastModified?: Date;
  /** The owner, lifted out of the data so that it can be indexed. */
  userId?: string;
  client?: ClientDescription;
  /** An expiry asked for this session alone. */
  deadline?: Date;
}

export interface MongoSessionStoreOptions {
  client: MongoClient;
  collectionName: string;
  autoRemove: 'native' | 'interval';
  autoRemoveIntervalMs: number;
}

/** MongoDB's DuplicateKey and TypeMismatch. */
const DUPLICATE_KEY = 11000;
const TYPE_MISMATCH = 14;

/**
 * Sessions in a MongoDB collection, one document each. Reads and writes go to
 * the primary, and writes wait for a majority of the replica set: a session
 * the visitor was told about survives a failover (see the README, "Running on
 * a replica set or a sharded cluster"). On a single server both are what it
 * does anyway.
 *
 * The store shares the app's MongoClient and never closes it (connect-mongo's
 * close() closes its client: with a shared one, that would take the app's
 * database down with it).
 */
export class MongoSessionStore extends SessionStore {
  readonly kind = 'mongodb';
  private readonly logger = new Logger(MongoSessionStore.name);
  private readonly sessions: Collection<SessionDocument>;
  private removal?: ExpiredRemoval;

  constructor(
    settings: StoreSettings,
    private readonly options: MongoSessionStoreOptions,
  ) {
    super(settings);
    this.sessions = options.client
      .db()
      .collection<SessionDocument>(options.collectionName, {
        writeConcern: { w: 'majority' },
        readPreference: 'primary',
      });
  }

  /** The collection, for tests and tools that look at what is stored. */
  get collection(): Collection<SessionDocument> {
    return this.sessions;
  }

  /** How expired sessions are being removed, once started. */
  get removalMode(): ExpiredRemoval['mode'] | undefined {
    return this.removal?.mode;
  }

  async start(): Promise<void> {
    await this.sessions.createIndex({ userId: 1 }, { name: 'userId_1' });
    this.removal = await startExpiredRemoval(this.sessions, {
      field: 'expires',
      mode: this.options.autoRemove,
      intervalMs: this.options.autoRemoveIntervalMs,
      clock: () => this.now(),
      logger: this.logger,
      what: 'sessions',
    });
  }

  stop(): Promise<void> {
    this.removal?.stop();
    return Promise.resolve();
  }

  /** Deletes every expired session now; returns how many. */
  removeExpired(): Promise<number> {
    return this.removal?.removeExpired() ?? Promise.resolve(0);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    return this.options.client
      .db()
      .command({ ping: 1 }, { timeoutMS: timeoutMs })
      .then(
        () => true,
        () => false,
      );
  }

  // ---- storage operations ------------------------------------------------

  protected async readRecord(sid: string): Promise<LoadedRecord | null> {
    const key = storageKeyOf(sid);
    const doc =
      (await this.sessions.findOne({ _id: key })) ??
      (await this.adoptUnhashed(sid, key));
    return doc ? this.toLoaded(doc) : null;
  }

  /**
   * A document stored under the session ID itself (connect-mongo, or this
   * store before IDs were hashed) moves under its digest the first time it
   * is read, in the store's own format.
   */
  private async adoptUnhashed(
    sid: string,
    key: string,
  ): Promise<SessionDocument | null> {
    const doc = await this.sessions.findOne({ _id: sid });
    if (!doc) return null;
    const data = decode(doc.session);
    const now = this.now();
    const moved: SessionDocument = {
      ...doc,
      _id: key,
      createdAt:
        toDate(doc.createdAt) ??
        toDate(data?.createdAt) ??
        toDate(doc.lastModified) ??
        new Date(now),
    };
    if (data) {
      // The old version's bookkeeping lived in the data; it is the document's now.
      const { createdAt: _created, lastModified: _modified, ...rest } = data;
      moved.session = rest;
    }
    try {
      await this.sessions.insertOne(moved);
    } catch (error) {
      // Moved by a parallel request: that copy wins.
      if (mongoErrorCode(error) !== DUPLICATE_KEY) throw error;
      await this.sessions.deleteOne({ _id: sid });
      return this.sessions.findOne({ _id: key });
    }
    await this.sessions.deleteOne({ _id: sid });
    return moved;
  }

  protected async storeCreatedAt(
    key: string,
    createdAt: number,
  ): Promise<void> {
    await this.sessions.updateOne(
      { _id: key, createdAt: { $exists: false } },
      { $set: { createdAt: new Date(createdAt) } },
    );
  }

  protected async writeWhole(
    key: string,
    data: Record<string, unknown>,
    times: WriteTimes,
    client: ClientDescription | null,
    { mayCreate }: { mayCreate: boolean },
  ): Promise<{ record: StoredSession; created: boolean } | null> {
    const $set: Document = {
      session: data,
      expires: new Date(times.expires),
      lastModified: new Date(times.now),
    };
    const $unset: Document = {};
    setOrUnset($set, $unset, 'userId', times.userId);
    setOrUnset($set, $unset, 'deadline', dateOrNull(times.deadline));
    const update: UpdateFilter<SessionDocument> = {
      $set,
      ...(Object.keys($unset).length > 0 && { $unset }),
      ...(mayCreate && {
        $setOnInsert: {
          createdAt: new Date(times.createdAt),
          ...(client && { client }),
        },
      }),
    };
    const result = await this.sessions.findOneAndUpdate({ _id: key }, update, {
      upsert: mayCreate,
      returnDocument: 'after',
      includeResultMetadata: true,
    });
    if (!result.value) return null;
    return {
      record: this.toStored(result.value),
      created: result.lastErrorObject?.updatedExisting === false,
    };
  }

  protected async writeChanges(
    key: string,
    data: Record<string, unknown>,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<StoredSession | null> {
    const write = (increments: boolean) =>
      this.sessions.findOneAndUpdate(
        { _id: key },
        updateOf(data, changes, times, increments),
        { returnDocument: 'after' },
      );
    const doc = await write(true).catch((error: unknown) => {
      // Another request stored something else than a number under a counted key meanwhile.
      if (mongoErrorCode(error) === TYPE_MISMATCH) return write(false);
      throw error;
    });
    return doc ? this.toStored(doc) : null;
  }

  protected async touchRecord(
    key: string,
    times: WriteTimes,
  ): Promise<boolean> {
    const { matchedCount } = await this.sessions.updateOne(
      { _id: key },
      {
        $set: {
          expires: new Date(times.expires),
          lastModified: new Date(times.now),
        },
      },
    );
    return matchedCount > 0;
  }

  protected async deleteRecord(sid: string): Promise<boolean> {
    const hashed = await this.sessions.deleteOne({ _id: storageKeyOf(sid) });
    if (hashed.deletedCount > 0) return true;
    const unhashed = await this.sessions.deleteOne({ _id: sid });
    return unhashed.deletedCount > 0;
  }

  protected async allRecords(now: number): Promise<Record<string, unknown>[]> {
    const docs = await this.sessions
      .find({ expires: { $gt: new Date(now) } })
      .toArray();
    return docs.flatMap((doc) => {
      const data = decode(doc.session);
      return data ? [data] : [];
    });
  }

  protected countRecords(now: number): Promise<number> {
    return this.sessions.countDocuments({ expires: { $gt: new Date(now) } });
  }

  protected async deleteAll(): Promise<void> {
    // Not drop(): the collection's indexes (the TTL index) stay.
    await this.sessions.deleteMany({});
  }

  // ---- a user's sessions -------------------------------------------------

  async userSessions(userId: string): Promise<UserSession[]> {
    const docs = await this.sessions
      .find(
        { userId, expires: { $gt: new Date(this.now()) } },
        {
          projection: { client: 1, createdAt: 1, lastModified: 1, expires: 1 },
        },
      )
      .toArray();
    return docs.map((doc) => ({
      key: doc._id,
      client: doc.client ?? null,
      createdAt: toDate(doc.createdAt) ?? new Date(0),
      lastSeenAt: toDate(doc.lastModified),
      expires: doc.expires,
    }));
  }

  async destroyUserSession(userId: string, key: string): Promise<boolean> {
    const { deletedCount } = await this.sessions.deleteOne({
      _id: key,
      userId,
    });
    return deletedCount > 0;
  }

  async destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number> {
    const { deletedCount } = await this.sessions.deleteMany({
      userId,
      _id: { $ne: storageKeyOf(keepSessionId) },
    });
    return deletedCount;
  }

  async read(sid: string): Promise<StoredSession | null> {
    const doc =
      (await this.sessions.findOne({ _id: storageKeyOf(sid) })) ??
      (await this.sessions.findOne({ _id: sid }));
    return doc ? this.toStored(doc) : null;
  }

  // ---- documents ---------------------------------------------------------

  private toLoaded(doc: WithId<SessionDocument>): LoadedRecord {
    return {
      key: doc._id,
      data: decode(doc.session),
      createdAt: toMs(doc.createdAt),
      lastModified: toMs(doc.lastModified),
      expires: toMs(doc.expires),
      deadline: toMs(doc.deadline),
      userId: typeof doc.userId === 'string' ? doc.userId : null,
      outdated: typeof doc.session === 'string',
      record: this.toStored(doc),
    };
  }

  private toStored(doc: WithId<SessionDocument>): StoredSession {
    const createdAt = toDate(doc.createdAt) ?? toDate(doc.lastModified);
    let bytes: number | undefined;
    return {
      key: doc._id,
      data: decode(doc.session) ?? {},
      createdAt: createdAt ?? new Date(this.now()),
      expires: toDate(doc.expires) ?? new Date(8.64e15),
      lastModified: toDate(doc.lastModified),
      lastSeenAt: toDate(doc.lastModified),
      userId: typeof doc.userId === 'string' ? doc.userId : null,
      client: doc.client ?? null,
      deadline: toDate(doc.deadline),
      raw: doc,
      // Measured when asked (the stored-session panel): a record loaded and
      // then written in one request is replaced before anyone looks.
      get bytes() {
        return (bytes ??= Buffer.byteLength(JSON.stringify(doc)));
      },
    };
  }
}

/** The update that writes only the changes of one request. */
function updateOf(
  data: Record<string, unknown>,
  changes: SessionChanges,
  times: WriteTimes,
  increments: boolean,
): UpdateFilter<SessionDocument> {
  const $set: Document = {
    expires: new Date(times.expires),
    lastModified: new Date(times.now),
    'session.cookie': data.cookie,
  };
  const $unset: Document = {};
  const $inc: Document = {};
  for (const key of changes.set) $set[`session.${key}`] = data[key];
  for (const key of changes.unset) $unset[`session.${key}`] = '';
  for (const [key, by] of changes.inc) {
    if (increments) $inc[`session.${key}`] = by;
    else $set[`session.${key}`] = data[key];
  }
  if (changes.userId) setOrUnset($set, $unset, 'userId', times.userId);
  if (changes.deadline)
    setOrUnset($set, $unset, 'deadline', dateOrNull(times.deadline));
  return {
    $set,
    ...(Object.keys($unset).length > 0 && { $unset }),
    ...(Object.keys($inc).length > 0 && { $inc }),
  };
}

function setOrUnset(
  $set: Document,
  $unset: Document,
  field: string,
  value: unknown,
): void {
  if (value === null || value === undefined) $unset[field] = '';
  else $set[field] = value;
}

function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** The data of a stored session, or null when it cannot be one (corrupt JSON, not an object). */
function decode(
  stored: Record<string, unknown> | string | undefined,
): Record<string, unknown> | null {
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A stored time as ms: a Date, a number of ms or an ISO string; null when it is none of these. */
function toMs(value: unknown): number | null {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number' || typeof value === 'string'
        ? new Date(value).getTime()
        : NaN;
  return Number.isFinite(ms) ? ms : null;
}

function toDate(value: unknown): Date | null {
  const ms = toMs(value);
  return ms === null ? null : new Date(ms);
}
