import type { RedisConnection } from './redis-connection.js';
import { INDEX_ADD } from './redis-scripts.js';
import type { StoredSession, UserSession } from './stored-session.js';

/** What the index needs of the store: a session by its key, its deletion, the absolute lifetime. */
export interface IndexedSessions {
  find(key: string): Promise<StoredSession | null>;
  delete(key: string): Promise<boolean>;
  absoluteMs: number;
}

/**
 * Each user's sessions, as a sorted set of session keys under
 * `<prefix>user:{<user id>}`, scored by the latest a session can live (its
 * creation plus the absolute lifetime). It lives in another slot than the
 * sessions it lists, so it is kept in step by separate commands (added to
 * when a session gets an owner, removed from when it loses one or is
 * deleted), and read through the sessions themselves: an entry whose session
 * is gone, expired or owned by someone else is dropped when seen. Listing is
 * one command for the index and one per session.
 */
export class RedisUserIndex {
  constructor(
    private readonly connection: RedisConnection,
    private readonly prefix: string,
    private readonly sessions: IndexedSessions,
  ) {}

  private keyOf(userId: string): string {
    return `${this.prefix}user:{${userId}}`;
  }

  /** Lists a session for its owner until `latestEnd` (ms). */
  async add(
    userId: string,
    key: string,
    latestEnd: number,
    now: number,
  ): Promise<void> {
    await this.connection.script(INDEX_ADD, this.keyOf(userId), [
      key,
      String(latestEnd),
      String(now),
    ]);
  }

  /** Moves a just-written session from its previous owner's index to its current one's. */
  async move(
    key: string,
    previousOwner: string | null,
    record: StoredSession,
    now: number,
  ): Promise<void> {
    if (previousOwner === record.userId) return;
    if (previousOwner) await this.remove(previousOwner, key);
    if (record.userId)
      await this.add(
        record.userId,
        key,
        record.createdAt.getTime() + this.sessions.absoluteMs,
        now,
      );
  }

  async remove(userId: string, key: string): Promise<void> {
    const index = this.keyOf(userId);
    await this.connection.command(index, ['ZREM', index, key]);
  }

  /** The user's live sessions. */
  async sessionsOf(userId: string, now: number): Promise<UserSession[]> {
    const sessions = await this.owned(userId, now);
    return sessions.map(({ key, createdAt, expires, lastSeenAt, client }) => ({
      key,
      createdAt,
      expires,
      lastSeenAt,
      client,
    }));
  }

  /** Ends one of the user's sessions; false when it is not theirs. */
  async destroy(userId: string, key: string): Promise<boolean> {
    const record = await this.sessions.find(key);
    if (record?.userId !== userId) return false;
    return this.sessions.delete(key);
  }

  /** Ends every session of the user but the one with this key; returns how many. */
  async destroyAllBut(
    userId: string,
    keep: string,
    now: number,
  ): Promise<number> {
    const sessions = await this.owned(userId, now);
    const deleted = await Promise.all(
      sessions
        .filter(({ key }) => key !== keep)
        .map(({ key }) => this.sessions.delete(key)),
    );
    return deleted.filter(Boolean).length;
  }

  /** The user's live sessions, through the index; entries that no longer hold are dropped. */
  private async owned(userId: string, now: number): Promise<StoredSession[]> {
    const index = this.keyOf(userId);
    const keys = (await this.connection.command(
      index,
      ['ZRANGEBYSCORE', index, String(now), '+inf'],
      true,
    )) as string[];
    const found = await Promise.all(
      keys.map(async (key) => {
        const record = await this.sessions.find(key);
        if (record?.userId === userId && record.expires.getTime() > now)
          return record;
        await this.remove(userId, key);
        return null;
      }),
    );
    return found.filter((record): record is StoredSession => record !== null);
  }
}
