import {
  Controller,
  Get,
  HttpStatus,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import {
  HealthCheckService,
  MongooseHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { Public } from '../auth/decorators/public.decorator.js';
import { SessionStoreHealthIndicator } from './session-store.health.js';

/**
 * A health check must answer quickly even when a database does not. Each
 * ping is bounded by this timer: the driver's own `timeoutMS` has no effect
 * in mongodb 7.8.
 */
export const PING_TIMEOUT_MS = 2_500;

/**
 * What a failed ping says, in the public answer and in the log: the timeout,
 * or the error's class (MongoServerSelectionError, DatabaseNotConnectedError),
 * never the driver's message, which names the database's address.
 */
function publicReason(error: unknown): { message: string } {
  if (!(error instanceof Error)) return { message: 'ping failed' };
  const timedOut = /^timeout of \d+ms exceeded$/.test(error.message);
  return { message: timedOut ? error.message : error.name };
}

@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly sessions: SessionStoreHealthIndicator,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /**
   * 200 when the app can serve pages, 503 when it cannot, and which part is
   * down: MongoDB (users, and sessions by default) and the session store.
   * Terminus's body (`status`, `info`, `error`, `details`) either way: its
   * 503 is answered here, not turned into the app's error page. (Not
   * `@HealthCheck()`: its Cache-Control would replace the `no-store` that
   * every answer of the app carries.) The handler's name is the route's
   * name for url_for.
   */
  @Get()
  async health(
    @Res({ passthrough: true }) res: Response,
  ): Promise<HealthCheckResult> {
    try {
      return await this.checks.check([
        () =>
          this.mongoose
            .pingCheck('mongo', {
              connection: this.connection,
              timeout: PING_TIMEOUT_MS,
            })
            .withFailureData(publicReason),
        () => this.sessions.pingCheck('sessions', PING_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
