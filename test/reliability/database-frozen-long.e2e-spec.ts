import { describeFrozenDatabase } from './frozen-database.js';

/**
 * A long stall (45 s): past the driver's 30 s connect timeout, when its
 * monitor gives up on the server and clears the connection pool under the
 * requests still waiting. Run by `npm run test:reliability`, not `npm test`.
 */
describeFrozenDatabase(45_000);
