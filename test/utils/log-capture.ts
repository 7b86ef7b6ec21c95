import type { LogLevel } from '@nestjs/common';
import { AppLogger } from '../../src/common/app-logger.js';

interface JsonOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, unknown>;
  error?: Error;
}

/** One log record as the JSON logger writes it. */
export type LogRecord = Record<string, unknown> & {
  level: string;
  message: unknown;
  context?: string;
};

/**
 * The app's logger as LOG_FORMAT=json makes it, keeping its records instead
 * of printing them, so tests can read what the app logs (pass it as the test
 * app's logger).
 */
export class CapturedLog extends AppLogger {
  readonly records: LogRecord[] = [];

  constructor() {
    super('json');
  }

  protected override printAsJson(message: unknown, options: JsonOptions): void {
    this.records.push(this.getJsonLogObject(message, options));
  }

  /** Every record as the line it would be. */
  lines(): string[] {
    return this.records.map((record) => JSON.stringify(record));
  }
}
