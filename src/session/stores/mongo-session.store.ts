import { Logger } from '@nestjs/common';
import type { Collection, MongoClient } from 'mongodb';
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
import {
  loadedOf,
  storedOf,
  USER_SESSION_FIELDS,
  userSessionOf,
  type SessionDocument,
} from './mongo-documents.js';
import { adoptUnhashed } from './mongo-legacy.js';
import { decode } from './store-records.js';
import { updateOf, wholeUpdateOf } from './mongo-updates.js';

export type { SessionDocument } from './mongo-documents.js';

export interface MongoSessionStoreOptions {
  client: MongoClient;
  collectionName: string;
  autoRemove: 'native' | 'interval';
  autoRemoveIntervalMs: number;
}

/** MongoDB's TypeMismatch. */
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

  protected async readRecord(sid: string): Promise<LoadedRecord | null> {
    const key = storageKeyOf(sid);
    const doc =
      (await this.sessions.findOne({ _id: key })) ??
      (await adoptUnhashed(this.sessions, sid, key, this.now()));
    return doc ? loadedOf(doc, this.now()) : null;
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
    const update = wholeUpdateOf(data, times, client, mayCreate);
    const result = await this.sessions.findOneAndUpdate({ _id: key }, update, {
      upsert: mayCreate,
      returnDocument: 'after',
      includeResultMetadata: true,
    });
    if (!result.value) return null;
    return {
      record: storedOf(result.value, this.now()),
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
    return doc ? storedOf(doc, this.now()) : null;
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

  async userSessions(userId: string): Promise<UserSession[]> {
    const docs = await this.sessions
      .find(
        { userId, expires: { $gt: new Date(this.now()) } },
        { projection: USER_SESSION_FIELDS },
      )
      .toArray();
    return docs.map(userSessionOf);
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
    return doc ? storedOf(doc, this.now()) : null;
  }
}
