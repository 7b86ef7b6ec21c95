import { Injectable, Logger, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { SessionStoreHealthIndicator } from './session-store.health.js';

/** Terminus's log lines (a failed check) under a context of their own, through the app's logger. */
@Injectable()
class HealthCheckLogger extends Logger {
  constructor() {
    super('HealthCheck');
  }
}

@Module({
  imports: [TerminusModule.forRoot({ logger: HealthCheckLogger })],
  controllers: [HealthController],
  providers: [SessionStoreHealthIndicator],
})
export class HealthModule {}
