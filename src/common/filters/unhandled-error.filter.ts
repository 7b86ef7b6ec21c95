import {
  Catch,
  Inject,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { appConfig } from '../../config/app.config.js';
import {
  clientErrorBody,
  describeError,
  unavailableBody,
  unexpectedErrorBody,
} from './error-body.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { ErrorResponder } from './error-responder.js';

/**
 * Whatever is not an HttpException: a database outage is a 503, an Express
 * middleware's error keeps its 4xx, anything else is a 500 that tells the
 * visitor nothing of its details and is logged with its stack.
 */
@Catch()
export class UnhandledErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly respond: ErrorResponder,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (this.respond.alreadyAnswered(host, exception)) return;
    const req = host.switchToHttp().getRequest<Request>();
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(
        `Database unavailable during ${req.method} ${req.path}: ${describeError(exception)}`,
      );
      this.respond.send(host, unavailableBody());
      return;
    }
    const clientError = clientErrorBody(exception);
    if (clientError) {
      this.respond.send(host, clientError);
      return;
    }
    this.logger.error(
      `Unhandled error during ${req.method} ${req.path}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    this.respond.send(
      host,
      unexpectedErrorBody(exception, this.app.isProduction),
    );
  }
}
