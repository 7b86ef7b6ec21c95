import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ClientDescription } from '../session/client-description.js';
import { SessionService } from '../session/session.service.js';
import type { MessageTemplate } from '../i18n/messages.js';

/** One row of the sessions page: never the session ID itself. */
export interface SessionRow {
  /** First 8 hex digits of sha256(id): tells rows apart, cannot be used as a cookie. */
  ref: string;
  current: boolean;
  client: ClientDescription;
  createdAt: Date | null;
  lastSeenAt: Date | null;
  expires: Date;
}

const UNKNOWN_CLIENT: ClientDescription = {
  browser: 'unknown',
  os: 'unknown',
  ip: 'unknown',
};

export function sessionRef(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 8);
}

/** A user's own sessions, found by the owner's id the store keeps in each document. */
@Injectable()
export class AccountSessionsService implements OnModuleInit {
  constructor(private readonly sessions: SessionService) {}

  async onModuleInit(): Promise<void> {
    const collection = await this.sessions.store.sessions;
    await collection.createIndex({ userId: 1 }, { name: 'userId_1' });
  }

  /** The user's sessions that have not expired, most recently active first. */
  async list(userId: string, currentId: string): Promise<SessionRow[]> {
    const collection = await this.sessions.store.sessions;
    const docs = await collection
      .find(
        { userId, expires: { $gt: new Date() } },
        {
          projection: {
            client: 1,
            createdAt: 1,
            lastSeenAt: 1,
            lastModified: 1,
            expires: 1,
          },
        },
      )
      .toArray();
    const rows = docs.map((doc) => ({
      ref: sessionRef(doc._id),
      current: doc._id === currentId,
      client: doc.client ?? UNKNOWN_CLIENT,
      createdAt: doc.createdAt ?? null,
      lastSeenAt: doc.lastSeenAt ?? doc.lastModified ?? null,
      expires: doc.expires,
    }));
    return rows.sort(
      (a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0),
    );
  }

  /**
   * The ID of the user's session with this ref. Someone else's session and an
   * unknown ref are the same 404: the answer must not tell whether it exists.
   */
  async resolve(userId: string, ref: string): Promise<string> {
    const collection = await this.sessions.store.sessions;
    const ids = await collection
      .find(
        { userId, expires: { $gt: new Date() } },
        { projection: { _id: 1 } },
      )
      .toArray();
    const found = ids.find((doc) => sessionRef(doc._id) === ref);
    if (!found)
      throw new NotFoundException('No such session' satisfies MessageTemplate);
    return found._id;
  }

  /** Deletes one session of the user at once: its next request is anonymous. */
  async revoke(userId: string, id: string): Promise<void> {
    const collection = await this.sessions.store.sessions;
    await collection.deleteOne({ _id: id, userId });
  }

  /** Deletes every session of the user but the current one; returns how many. */
  async revokeOthers(userId: string, currentId: string): Promise<number> {
    const collection = await this.sessions.store.sessions;
    const { deletedCount } = await collection.deleteMany({
      userId,
      _id: { $ne: currentId },
    });
    return deletedCount;
  }
}
