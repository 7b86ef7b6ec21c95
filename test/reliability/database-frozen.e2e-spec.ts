import { describeFrozenDatabase } from './frozen-database.js';

/**
 * A short stall (5 s), part of `npm test`; the long one (45 s, past the
 * driver's 30 s connect timeout) is database-frozen-long.e2e-spec.ts.
 */
describeFrozenDatabase(5_000);
