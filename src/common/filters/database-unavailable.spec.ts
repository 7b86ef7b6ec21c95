import mongoose from 'mongoose';
import type { BulkWriteResult } from 'mongodb';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** Errors as mongoose's driver throws them. */
const {
  MongoBulkWriteError,
  MongoDriverError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoOperationTimeoutError,
  MongoServerError,
  MongoRuntimeError,
} = mongoose.mongo;

/** What insertMany throws when its batch fails: the driver's error wrapped, nothing written. */
function bulkWriteErrorOf(
  error: ConstructorParameters<typeof MongoBulkWriteError>[0],
) {
  const nothingWritten = {
    insertedCount: 0,
    insertedIds: {},
  } as unknown as BulkWriteResult;
  return new MongoBulkWriteError(error, nothingWritten);
}

/** The driver's WaitQueueTimeoutError, which the package does not export. */
class WaitQueueTimeoutError extends MongoDriverError {
  override get name(): string {
    return 'MongoWaitQueueTimeoutError';
  }
}

describe('isDatabaseUnavailable', () => {
  it('recognises the driver errors of an unreachable database', () => {
    expect(isDatabaseUnavailable(new MongoNetworkError('down'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('down'))).toBe(false);
  });

  it.each([
    [11600, 'InterruptedAtShutdown', true],
    [91, 'ShutdownInProgress', true],
    [10107, 'NotWritablePrimary', true],
    [189, 'PrimarySteppedDown', true],
    [11000, 'DuplicateKey', false],
    [2, 'BadValue', false],
    [50, 'MaxTimeMSExpired', false],
  ])(
    'treats the server answer %i (%s) as the database unavailable: %s',
    (code, codeName, unavailable) => {
      const error = new MongoServerError({ code, codeName, errmsg: codeName });
      expect(isDatabaseUnavailable(error)).toBe(unavailable);
    },
  );

  it('recognises a server that stopped answering on an open connection (socketTimeoutMS)', () => {
    const timeout = new MongoNetworkTimeoutError(
      'connection 3 to 127.0.0.1:27017 timed out',
    );
    expect(isDatabaseUnavailable(timeout)).toBe(true);
  });

  it('recognises a wait for a connection that ran out (waitQueueTimeoutMS)', () => {
    expect(
      isDatabaseUnavailable(
        new WaitQueueTimeoutError(
          'Timed out while checking out a connection from connection pool',
        ),
      ),
    ).toBe(true);
    // Only the driver's own: an error of another kind by that name is not.
    const lookalike = new Error('wait queue');
    lookalike.name = 'MongoWaitQueueTimeoutError';
    expect(isDatabaseUnavailable(lookalike)).toBe(false);
  });

  it.each([
    'Timed out during socket read (2000ms)',
    'Timed out during server selection',
    'Timed out during connection checkout',
  ])('recognises the operation timeout (timeoutMS) "%s"', (message) => {
    expect(isDatabaseUnavailable(new MongoOperationTimeoutError(message))).toBe(
      true,
    );
  });

  it('recognises an operation timeout the server reported, whose cause is a time limit', () => {
    const maxTime = new MongoServerError({
      code: 50,
      codeName: 'MaxTimeMSExpired',
      errmsg: 'operation exceeded time limit',
    });
    expect(isDatabaseUnavailable(maxTime)).toBe(false);
    expect(
      isDatabaseUnavailable(
        new MongoOperationTimeoutError('Server reported a timeout error', {
          cause: maxTime,
        }),
      ),
    ).toBe(true);
  });

  it.each([
    [
      'a cleared connection pool',
      new MongoNetworkError(
        'Connection pool for 127.0.0.1:27017 was cleared because another operation failed with: "connection 4 to 127.0.0.1:27017 timed out"',
      ),
    ],
    [
      'a network timeout',
      new MongoNetworkTimeoutError('connection 5 to 127.0.0.1:27017 timed out'),
    ],
    [
      'an operation timeout',
      new MongoOperationTimeoutError('Timed out during connection checkout'),
    ],
    [
      'a wait for a connection that ran out',
      new WaitQueueTimeoutError(
        'Timed out while checking out a connection from connection pool',
      ),
    ],
  ])(
    'sees through the MongoBulkWriteError of insertMany wrapping %s',
    (_what, cause) => {
      const error = bulkWriteErrorOf(cause);
      // What the app receives: a server error by its class, the cause inside.
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error.errorResponse).toBe(cause);
      expect(isDatabaseUnavailable(error)).toBe(true);
    },
  );

  it('leaves a bulk write refused by the server a server error', () => {
    const duplicate = bulkWriteErrorOf({
      message: 'E11000 duplicate key error',
      code: 11000,
      writeErrors: [],
    });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(
      isDatabaseUnavailable(bulkWriteErrorOf(new MongoRuntimeError('bug'))),
    ).toBe(false);
  });

  it('follows a chain of causes, and stops on a loop', () => {
    expect(
      isDatabaseUnavailable(
        new Error('reading the session failed', {
          cause: new MongoNetworkError('down'),
        }),
      ),
    ).toBe(true);
    const loop = new Error('a');
    const other = new Error('b', { cause: loop });
    (loop as { cause?: unknown }).cause = other;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});
