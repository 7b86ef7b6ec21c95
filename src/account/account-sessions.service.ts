import { Injectable, NotFoundException } from '@nestjs/common';
import type { MessageTemplate } from '../i18n/messages.js';
import type { ClientDescription } from './client-description.js';
import { SessionService } from '@nest-sessions/session';
import { sessionRefOf } from '../security/auth-events.js';

/** One row of the sessions page: never the session ID itself. */
export interface SessionRow {
  /** The first 8 hex digits of the storage key (sha256 of the ID): tells rows apart, opens nothing. */
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

/** A user's own sessions, found by the owner the store keeps beside each session. */
@Injectable()
export class AccountSessionsService {
  constructor(private readonly sessions: SessionService) {}

  /** The user's sessions that have not expired, most recently active first. */
  async list(userId: string, currentId: string): Promise<SessionRow[]> {
    const store = this.sessions.store;
    const currentKey = store.keyOf(currentId);
    const rows = (await store.userSessions(userId)).map((session) => ({
      ref: sessionRefOf(session.key),
      current: session.key === currentKey,
      client: (session.client as ClientDescription | null) ?? UNKNOWN_CLIENT,
      createdAt: session.createdAt,
      lastSeenAt: session.lastModified,
      expires: session.expires,
    }));
    return rows.sort(
      (a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0),
    );
  }

  /**
   * The storage key of the user's session with this ref. Someone else's
   * session and an unknown ref are the same 404: the answer must not tell
   * whether it exists.
   */
  async resolve(userId: string, ref: string): Promise<string> {
    const sessions = await this.sessions.store.userSessions(userId);
    const found = sessions.find((session) => sessionRefOf(session.key) === ref);
    if (!found)
      throw new NotFoundException('No such session' satisfies MessageTemplate);
    return found.key;
  }

  /** Whether this storage key is the current session's. */
  isCurrent(key: string, currentId: string): boolean {
    return this.sessions.store.keyOf(currentId) === key;
  }

  /** Ends one session of the user at once: its next request is anonymous. */
  async revoke(userId: string, key: string): Promise<void> {
    await this.sessions.store.destroyUserSession(userId, key);
  }

  /** Ends every session of the user but the current one; returns how many. */
  revokeOthers(userId: string, currentId: string): Promise<number> {
    return this.sessions.store.destroyOtherUserSessions(userId, currentId);
  }
}
