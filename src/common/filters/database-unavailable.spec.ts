import mongoose from 'mongoose';
import { isDatabaseUnavailable } from './database-unavailable.js';

/** Errors as mongoose's driver throws them. */
const { MongoNetworkError, MongoServerError } = mongoose.mongo;

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
});
