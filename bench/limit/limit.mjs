// The limit: only the database round trips a scenario needs, with the MongoDB
// driver, no HTTP. One process; the benchmark starts one or two of them.
//   node bench/limit/limit.mjs  (settings in the LIMIT environment variable, JSON)
// read: findOne by _id. counter: findOne then updateOne of the same document.
// Prints one JSON line: { count, errors, latencies (µs, sorted) }.
import { MongoClient } from 'mongodb';
import { closedLoop } from './closed-loop.mjs';

const { uri, collection, mode, sids, concurrency, seconds } = JSON.parse(process.env.LIMIT);
const client = await MongoClient.connect(uri, { maxPoolSize: Math.max(concurrency, 1) });
const sessions = client.db().collection(collection);

async function once(sid) {
  const doc = await sessions.findOne({ _id: sid });
  if (!doc) throw new Error(`no session ${sid}`);
  if (mode === 'counter') {
    const now = Date.now();
    await sessions.updateOne(
      { _id: sid },
      {
        $set: {
          session: { ...doc.session, count: (doc.session.count ?? 0) + 1 },
          expires: new Date(now + 30 * 60_000),
          lastModified: new Date(now),
        },
      },
    );
  }
}

// Each connection's session, round robin.
const perConnection = Array.from({ length: concurrency }, (_, i) => sids[i % sids.length]);
// Warm the pool so connection set-up is not measured.
await Promise.all(perConnection.map((sid) => once(sid)));

const result = await closedLoop(perConnection, once, seconds);
await client.close();
process.stdout.write(JSON.stringify(result) + '\n');
