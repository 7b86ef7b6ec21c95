import mongoose from 'mongoose';

/**
 * The driver's error classes from the copy mongoose runs on, so that another
 * copy of `mongodb` in node_modules can never turn a 503 into a 500.
 */
const {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} = mongoose.mongo;

/**
 * Server answers that mean "this node cannot serve now", not "this request is
 * wrong": a server shutting down or stepping down, a primary that no longer is
 * one, a host it cannot reach. The codes of the drivers' retryable-reads
 * specification, less ExceededTimeLimit (a query's own time limit).
 */
const NODE_UNAVAILABLE_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    (error instanceof Error && error.name === 'SessionStoreUnavailableError') ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError ||
    (error instanceof MongoServerError &&
      typeof error.code === 'number' &&
      NODE_UNAVAILABLE_CODES.has(error.code))
  );
}
