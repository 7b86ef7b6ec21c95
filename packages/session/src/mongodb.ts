import { Logger } from '@nestjs/common';
import type { Collection, Document, MongoClient, UpdateFilter } from 'mongodb';
import {
  SessionStore,
  type Data,
  type SessionChanges,
  type SessionRules,
  type StoredRecord,
  type RecordMeta,
  type UserSession,
  type WriteTimes,
} from './session-store.js';

export interface MongoSessionStoreOptions extends SessionRules {
  /** A connected client, such as mongoose's `connection.getClient()`: shared, never closed by the store. */
  client: MongoClient;
  /** `sessions` by default. */
  collectionName?: string;
  /**
   * How expired sessions leave the database (they are never served either
   * way): `native`, a TTL index (the default; where the server refuses TTL
   * indexes, `interval` instead); `interval`, a deleteMany every
   * autoRemoveIntervalMs; `disabled`, left to you.
   */
  autoRemove?: 'native' | 'interval' | 'disabled';
  /** 60 s by default. */
  autoRemoveIntervalMs?: number;
}

/** A session as the collection holds it. */
export interface SessionDocument {
  /** The SHA-256 of the session ID (keyOf), never the ID. */
  _id: string;
  /** The data, cookie included, one field per top-level key. */
  session: Data;
  expires: Date;
  createdAt: Date;
  lastModified: Date;
  /** The owner, beside the data so that it can be indexed. */
  userId?: string;
  /** The client that opened the session (SessionRules.clientOf). */
  client?: object;
}

/** MongoDB's TypeMismatch: a $inc on a field that holds no number. */
const TYPE_MISMATCH = 14;

/**
 * Sessions in a MongoDB collection, a document each. Reads and writes go to
 * the primary, and writes wait for a majority of a replica set, so a session
 * the visitor was told about survives a failover; on a single server both
 * are what it does anyway.
 */
export class MongoSessionStore extends SessionStore {
  readonly kind = 'mongodb';
  readonly collection: Collection<SessionDocument>;
  private readonly logger = new Logger(MongoSessionStore.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: MongoSessionStoreOptions) {
    super(options);
    if (typeof options.client?.db !== 'function')
      throw new TypeError(
        'MongoSessionStore needs `client`: a MongoClient, such as mongoose connection.getClient()',
      );
    this.collection = options.client
      .db()
      .collection<SessionDocument>(options.collectionName ?? 'sessions', {
        writeConcern: { w: 'majority' },
        readPreference: 'primary',
      });
  }

  async start(): Promise<void> {
    await this.collection.createIndex({ userId: 1 }, { name: 'userId_1' });
    const mode = this.options.autoRemove ?? 'native';
    if (mode === 'disabled') return;
    if (mode === 'native') {
      const ttl = { name: 'expires_ttl', expireAfterSeconds: 0 };
      try {
        await this.collection
          .createIndex({ expires: 1 }, ttl)
          .catch(async (error: unknown) => {
            // An earlier run with `interval` left a plain index on the same key.
            if (!isIndexConflict(error)) throw error;
            await this.collection.dropIndex('expires_1');
            await this.collection.createIndex({ expires: 1 }, ttl);
          });
        return;
      } catch (error) {
        if (!refusesTtl(error)) throw error;
        this.logger.log(
          'The database has no TTL indexes: expired sessions are removed by a periodic deleteMany',
        );
      }
    }
    await this.collection
      .createIndex({ expires: 1 }, { name: 'expires_1' })
      .catch((error: unknown) => {
        // A TTL index on the same key serves the deleteMany as well.
        if (!isIndexConflict(error)) throw error;
      });
    let sweeping = false;
    this.timer = setInterval(() => {
      // One sweep at a time: a slow database must not pile them up.
      if (sweeping) return;
      sweeping = true;
      void this.removeExpired()
        .catch((error: Error) =>
          this.logger.warn(
            `Removing expired sessions failed: ${error.message}`,
          ),
        )
        .finally(() => (sweeping = false));
    }, this.options.autoRemoveIntervalMs ?? 60_000);
    this.timer.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }

  /** Deletes every expired session now; answers how many. */
  async removeExpired(): Promise<number> {
    const { deletedCount } = await this.collection.deleteMany({
      expires: { $lte: new Date(this.now()) },
    });
    return deletedCount;
  }

  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ping = this.options.client
      .db()
      .command({ ping: 1 })
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([ping, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  protected async find(key: string): Promise<StoredRecord | null> {
    const doc = await this.collection.findOne({ _id: key });
    return doc && recordOf(doc);
  }

  protected async insert(
    key: string,
    data: Data,
    times: WriteTimes,
    client: object | null,
  ): Promise<{ created: boolean; createdAt: number }> {
    const result = await this.collection.findOneAndUpdate(
      { _id: key },
      {
        ...withOwner(
          { session: data, ...timesOf(times) },
          { userId: times.userId },
        ),
        $setOnInsert: {
          createdAt: new Date(times.createdAt),
          ...(client && { client }),
        },
      },
      {
        upsert: true,
        returnDocument: 'after',
        includeResultMetadata: true,
      },
    );
    return {
      created: result.lastErrorObject?.updatedExisting === false,
      createdAt: result.value?.createdAt?.getTime() ?? times.createdAt,
    };
  }

  protected async update(
    key: string,
    data: Data,
    changes: SessionChanges,
    times: WriteTimes,
  ): Promise<boolean> {
    const write = async (increments: boolean) =>
      (
        await this.collection.updateOne(
          { _id: key },
          updateOf(data, changes, times, increments),
        )
      ).matchedCount > 0;
    return write(true).catch((error: unknown) => {
      // Another request stored something else than a number under a counted key meanwhile.
      if ((error as { code?: unknown }).code === TYPE_MISMATCH)
        return write(false);
      throw error;
    });
  }

  protected async refresh(key: string, times: WriteTimes): Promise<boolean> {
    const { matchedCount } = await this.collection.updateOne(
      { _id: key },
      { $set: timesOf(times) },
    );
    return matchedCount > 0;
  }

  protected async remove(key: string): Promise<void> {
    await this.collection.deleteOne({ _id: key });
  }

  protected async findLive(now: number): Promise<StoredRecord[]> {
    const docs = await this.collection
      .find({ expires: { $gt: new Date(now) } })
      .toArray();
    return docs.map(recordOf);
  }

  protected async removeAll(): Promise<void> {
    // Not drop(): the collection's indexes stay.
    await this.collection.deleteMany({});
  }

  protected layout(
    key: string,
    data: Data,
    times: RecordMeta,
  ): Record<string, unknown> {
    return {
      _id: key,
      session: data,
      expires: new Date(times.expires),
      lastModified: new Date(times.lastModified),
      createdAt: new Date(times.createdAt),
      ...(times.userId !== null && { userId: times.userId }),
    };
  }

  async userSessions(userId: string): Promise<UserSession[]> {
    const docs = await this.collection
      .find(
        { userId, expires: { $gt: new Date(this.now()) } },
        { projection: { session: 0 } },
      )
      .toArray();
    return docs.map((doc) => ({
      key: doc._id,
      createdAt: doc.createdAt,
      lastModified: doc.lastModified,
      expires: doc.expires,
      client: doc.client ?? null,
    }));
  }

  async destroyUserSession(userId: string, key: string): Promise<boolean> {
    const { deletedCount } = await this.collection.deleteOne({
      _id: key,
      userId,
    });
    return deletedCount > 0;
  }

  async trimUserSessions(
    userId: string,
    max: number,
    keepSessionId: string,
  ): Promise<number> {
    const keep = this.keyOf(keepSessionId);
    // The ones past the newest max - 1 others: usually none, in one query.
    const extra = await this.collection
      .find(
        { userId, _id: { $ne: keep }, expires: { $gt: new Date(this.now()) } },
        { projection: { _id: 1 } },
      )
      .sort({ lastModified: -1 })
      .skip(Math.max(0, max - 1))
      .toArray();
    if (extra.length === 0) return 0;
    const { deletedCount } = await this.collection.deleteMany({
      userId,
      _id: { $in: extra.map((doc) => doc._id) },
    });
    return deletedCount;
  }

  async destroyOtherUserSessions(
    userId: string,
    keepSessionId: string,
  ): Promise<number> {
    const { deletedCount } = await this.collection.deleteMany({
      userId,
      _id: { $ne: this.keyOf(keepSessionId) },
    });
    return deletedCount;
  }
}

/** A document as the shared rules read it; a field of the wrong type reads as missing. */
function recordOf(
  doc: Partial<SessionDocument> & { _id: string },
): StoredRecord {
  const data = doc.session;
  return {
    key: doc._id,
    data:
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? data
        : null,
    createdAt: msOf(doc.createdAt),
    lastModified: msOf(doc.lastModified),
    expires: msOf(doc.expires),
    userId: typeof doc.userId === 'string' ? doc.userId : null,
    client: doc.client ?? null,
  };
}

function msOf(value: unknown): number | null {
  return value instanceof Date && Number.isFinite(value.getTime())
    ? value.getTime()
    : null;
}

function timesOf(times: WriteTimes): Document {
  return {
    expires: new Date(times.expires),
    lastModified: new Date(times.now),
  };
}

/** `$set` of the given fields, with the owner set, or unset when there is none. */
function withOwner(
  $set: Document,
  { userId }: { userId: string | null },
): UpdateFilter<SessionDocument> {
  return userId === null
    ? { $set, $unset: { userId: '' } }
    : { $set: { ...$set, userId } };
}

/** The update that writes one request's changes, key by key (the whole data when a key cannot be a field name). */
function updateOf(
  data: Data,
  changes: SessionChanges,
  times: WriteTimes,
  increments: boolean,
): UpdateFilter<SessionDocument> {
  const keys = [...changes.set, ...changes.unset, ...changes.inc.keys()];
  if (!keys.every(isFieldName))
    return withOwner({ session: data, ...timesOf(times) }, times);
  const $set: Document = { ...timesOf(times), 'session.cookie': data.cookie };
  const $unset: Document = {};
  const $inc: Document = {};
  for (const key of changes.set) $set[`session.${key}`] = data[key];
  for (const key of changes.unset) $unset[`session.${key}`] = '';
  for (const [key, by] of changes.inc)
    if (increments) $inc[`session.${key}`] = by;
    else $set[`session.${key}`] = data[key];
  if (changes.userId)
    if (times.userId === null) $unset.userId = '';
    else $set.userId = times.userId;
  return {
    $set,
    ...(Object.keys($unset).length > 0 && { $unset }),
    ...(Object.keys($inc).length > 0 && { $inc }),
  };
}

/** A key MongoDB can write alone: no dot, no leading `$`. */
function isFieldName(key: string): boolean {
  return key.length > 0 && !key.includes('.') && !key.startsWith('$');
}

/** IndexOptionsConflict, IndexKeySpecsConflict: an index on these keys exists with other options. */
function isIndexConflict(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === 85 || code === 86;
}

/** NotImplemented (238), or a server that says in words it has no TTL indexes. */
function refusesTtl(error: unknown): boolean {
  const { code, message = '' } = (error ?? {}) as {
    code?: unknown;
    message?: string;
  };
  return (
    (code === 238 || /not implemented/i.test(message)) &&
    /expireAfterSeconds/i.test(message)
  );
}
