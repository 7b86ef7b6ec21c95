// What saving a session answers, and how it waits for express-session's callbacks.

/** Which keys come along when a session gets a new ID. */
export interface RegenerateOptions {
  /** `all` of the visitor's keys, or these only. */
  carry: 'all' | readonly string[];
  /** Keys never carried (a login's: the caller sets them again). */
  except?: readonly string[];
}

/** The text of the 503 a failed save gives: nothing the visitor did was kept. */
export const SESSION_NOT_SAVED_MESSAGE =
  'Your session could not be saved, so nothing was changed. Please try again in a moment.';

/** The text of the 413 a session grown past its limit gives. */
export const SESSION_TOO_LARGE_MESSAGE =
  'Your session would grow too large, so this change was not kept. Remove some of its keys, then try again.';

/** The most a session may hold unless the options say otherwise (bytes of JSON). */
export const DEFAULT_MAX_BYTES = 256 * 1024;

/** A callback API as a promise (without building a promisified function on every call). */
export function settled(
  start: (done: (error?: unknown) => void) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // As util.promisify: whatever the callback was given is the rejection.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    start((error) => (error ? reject(error) : resolve()));
  });
}
