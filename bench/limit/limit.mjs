// The limit: only the database round trips a scenario needs, with the MongoDB
// driver, no HTTP. One process; the benchmark starts one or two of them.
//   node bench/limit/limit.mjs  (settings in the LIMIT environment variable, JSON)
// read: findOne by _id. counter: findOne then updateOne of the same document.
// Prints one JSON line: { count, errors, latencies (µs, sorted) }.
import { MongoClient } from 'mongodb';

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

// Warm the pool so connection set-up is not measured.
await Promise.all(Array.from({ length: concurrency }, (_, i) => once(sids[i % sids.length])));

const latencies = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async (_, i) => {
    const sid = sids[i % sids.length];
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await once(sid);
        latencies.push(Math.round((performance.now() - t) * 1000));
      } catch {
        errors += 1;
      }
    }
  }),
);
await client.close();
latencies.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ count: latencies.length, errors, latencies }) + '\n');
