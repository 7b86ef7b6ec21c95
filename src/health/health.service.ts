import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { SessionStore } from '@nest-sessions/session';

/** A health check must answer quickly even when a database does not. */
export const PING_TIMEOUT_MS = 2_500;

export interface HealthReport {
  mongo: boolean;
  sessions: { store: SessionStore['kind']; up: boolean };
}

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly store: SessionStore,
  ) {}

  /** MongoDB and the session store, pinged at once; the store is MongoDB itself by default. */
  async check(timeoutMs = PING_TIMEOUT_MS): Promise<HealthReport> {
    const mongo = this.pingDatabase(timeoutMs);
    const sessions =
      this.store.kind === 'mongodb' ? mongo : this.store.ping(timeoutMs);
    const [mongoUp, sessionsUp] = await Promise.all([mongo, sessions]);
    return {
      mongo: mongoUp,
      sessions: { store: this.store.kind, up: sessionsUp },
    };
  }

  async pingDatabase(timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const ping = this.connection
      .getClient()
      .db()
      // timeoutMS ends the driver's own wait too, so pings from a probe polling
      // during an outage do not pile up behind server selection.
      .command({ ping: 1 }, { timeoutMS: timeoutMs })
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
