/** The database that holds the sessions cannot be reached, or did not answer in time. Answer 503. */
export class SessionStoreUnavailableError extends Error {
  override name = 'SessionStoreUnavailableError';
}

/** A save would grow the session past the store's `maxBytes`. Answer 413. */
export class SessionTooLargeError extends Error {
  override name = 'SessionTooLargeError';

  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`The session would hold ${bytes} bytes, more than ${maxBytes}`);
  }
}
