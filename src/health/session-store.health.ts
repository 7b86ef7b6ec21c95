import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SessionStore } from '@nest-sessions/session';

/** The session store as a health indicator: up when it answers a ping, with which store it is. */
@Injectable()
export class SessionStoreHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly store: SessionStore,
  ) {}

  pingCheck(key: string, timeoutMs: number) {
    const { kind } = this.store;
    return this.indicators
      .check(key)
      .attempt(async () => {
        if (!(await this.store.ping(timeoutMs)))
          throw new Error(`the ${kind} session store did not answer a ping`);
      })
      .withData({ store: kind })
      .withTimeout(timeoutMs);
  }
}
