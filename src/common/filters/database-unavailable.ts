import mongoose from 'mongoose';

/**
 * The driver's error classes from the copy mongoose runs on, so that another
 * copy of `mongodb` in node_modules can never turn a 503 into a 500.
 */
const {
  MongoDriverError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} = mongoose.mongo;

/**
 * The driver's WaitQueueTimeoutError (no connection free within
 * waitQueueTimeoutMS: the server has stopped answering, or every connection
 * is busy), which the package does not export: known by its name, among the
 * driver's own errors only.
 */
const WAIT_QUEUE_TIMEOUT = 'MongoWaitQueueTimeoutError';

/** Enough for any wrapping the driver does (a bulk write around a timeout around its cause). */
const MAX_DEPTH = 5;

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

/**
 * Whether an error means the database cannot serve now (a 503), not that the
 * request or the code is wrong (a 500). Network errors include a server that
 * stopped answering on an open connection (MongoNetworkTimeoutError, after
 * socketTimeoutMS) and a connection pool cleared under the operation
 * (PoolClearedError).
 *
 * Wrapped errors are looked into: insertMany and bulkWrite throw a
 * MongoBulkWriteError, a MongoServerError by its class, that holds the
 * driver's own error in `errorResponse` (the pool cleared, the timeout);
 * MongoOperationTimeoutError and others name theirs in `cause`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

function unavailable(error: unknown, depth: number): boolean {
  if (!(error instanceof Error) || depth > MAX_DEPTH) return false;
  if (
    error.name === 'SessionStoreUnavailableError' ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoOperationTimeoutError ||
    (error instanceof MongoDriverError && error.name === WAIT_QUEUE_TIMEOUT) ||
    (error instanceof MongoServerError &&
      typeof error.code === 'number' &&
      NODE_UNAVAILABLE_CODES.has(error.code))
  )
    return true;
  const wrapped =
    error instanceof MongoServerError ? error.errorResponse : undefined;
  return (
    (wrapped instanceof Error &&
      wrapped !== error &&
      unavailable(wrapped, depth + 1)) ||
    unavailable(error.cause, depth + 1)
  );
}
