import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { MongoServerError, type Collection } from 'mongodb';
import { sessionConfig } from '../config/session.config.js';
import {
  MongoSessionStore,
  type SessionDocument,
} from './mongo-session.store.js';

export type ActiveRemoval = 'ttl-index' | 'interval';

const TTL_INDEX = 'expires_ttl';
const PLAIN_INDEX = 'expires_1';

/**
 * Deletes expired session documents. MongoDB does it itself with a TTL index;
 * servers that answer "not implemented" to TTL indexes (FerretDB 1.x) get a
 * periodic deleteMany instead. Either way the store never serves an expired
 * session: this only reclaims space.
 */
@Injectable()
export class SessionExpiryService implements OnModuleDestroy {
  private readonly logger = new Logger(SessionExpiryService.name);
  private timer?: NodeJS.Timeout;
  private active?: ActiveRemoval;

  constructor(
    @Inject(sessionConfig.KEY)
    private readonly config: ConfigType<typeof sessionConfig>,
  ) {}

  /** How expired sessions are being removed, once start() has run. */
  get mode(): ActiveRemoval | undefined {
    return this.active;
  }

  async start(store: MongoSessionStore): Promise<ActiveRemoval> {
    const sessions = await store.sessions;
    if (this.config.autoRemove === 'native') {
      try {
        await this.createTtlIndex(sessions);
        this.active = 'ttl-index';
        return this.active;
      } catch (error) {
        if (!isTtlRefusal(error)) throw error;
        this.logger.warn(
          'The database does not implement TTL indexes: removing expired sessions periodically instead',
        );
      }
    }
    // A plain index keeps the periodic deleteMany cheap.
    await sessions
      .createIndex({ expires: 1 }, { name: PLAIN_INDEX })
      .catch(() => undefined);
    // One sweep at a time: on FerretDB deleting 10,000 expired sessions takes
    // longer than a short interval, and overlapping sweeps pile up on the server.
    let sweeping = false;
    this.timer = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void this.removeExpired(store).finally(() => {
        sweeping = false;
      });
    }, this.config.autoRemoveIntervalMs);
    this.timer.unref();
    this.active = 'interval';
    return this.active;
  }

  private async createTtlIndex(
    sessions: Collection<SessionDocument>,
  ): Promise<void> {
    const ttl = { expireAfterSeconds: 0, name: TTL_INDEX };
    try {
      await sessions.createIndex({ expires: 1 }, ttl);
    } catch (error) {
      // An earlier run in interval mode left a plain index on the same key, and MongoDB
      // refuses a second index on one key: replace it instead of failing the start-up.
      if (!isIndexConflict(error)) throw error;
      await sessions.dropIndex(PLAIN_INDEX);
      await sessions.createIndex({ expires: 1 }, ttl);
    }
  }

  /** Deletes every expired session now; returns how many. */
  async removeExpired(store: MongoSessionStore): Promise<number> {
    try {
      const sessions = await store.sessions;
      const { deletedCount } = await sessions.deleteMany({
        expires: { $lte: new Date() },
      });
      return deletedCount;
    } catch (error) {
      this.logger.warn(
        `Removing expired sessions failed: ${(error as Error).message}`,
      );
      return 0;
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

function isTtlRefusal(error: unknown): boolean {
  return (
    error instanceof MongoServerError &&
    (error.code === 238 || /not implemented/i.test(error.message)) &&
    /expireAfterSeconds/i.test(error.message)
  );
}

/** IndexOptionsConflict / IndexKeySpecsConflict: an index on these keys exists with other options. */
function isIndexConflict(error: unknown): boolean {
  return (
    error instanceof MongoServerError &&
    (error.code === 85 || error.code === 86)
  );
}
