import {
  ConsoleLogger,
  type ConsoleLoggerOptions,
  type LogLevel,
} from '@nestjs/common';

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
 * The framework's JSON logger, keeping its records instead of printing them,
 * so tests can read what the app logs (pass it as the test app's logger).
 */
export class CapturedLog extends ConsoleLogger {
  readonly records: LogRecord[] = [];

  constructor(options: ConsoleLoggerOptions = {}) {
    super({ json: true, ...options });
  }

  protected override printAsJson(
    message: unknown,
    options: JsonOptions,
  ): void {
    this.records.push(
      this.getJsonLogObject(message, options) as unknown as LogRecord,
    );
  }

  /** Every record as the line it would be. */
  lines(): string[] {
    return this.records.map((record) => JSON.stringify(record));
  }
}
