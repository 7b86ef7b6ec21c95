// The Redis limit: only the Redis commands our store sends for a scenario,
// replayed with the same client library (@redis/client), no HTTP. One
// process; the benchmark starts one or two of them.
//   node bench/limit/redis-limit.mjs  (settings in the LIMIT environment variable, JSON)
// LIMIT: { url, commands: [[arg, ...], ...], key, keys: [...], concurrency, seconds }.
// `commands` are the store's commands for one request, as captured from the app
// (bench/lib/redis.mjs, captureCommands); every argument equal to `key` is
// replaced by the connection's own key from `keys` (round robin).
// Prints one JSON line: { count, errors, latencies (µs, sorted) }.
import { createClient } from '@redis/client';
import { closedLoop } from './closed-loop.mjs';

const { url, commands, key, keys, concurrency, seconds } = JSON.parse(process.env.LIMIT);
const client = createClient({ url, RESP: 2 });
await client.connect();

const forKey = (k) => commands.map((args) => args.map((arg) => (arg === key ? k : arg)));
// One request: the commands in order, each after the previous answer, as the store sends them.
async function once(list) {
  for (const args of list) await client.sendCommand(args);
}

const perConnection = Array.from({ length: concurrency }, (_, i) => forKey(keys[i % keys.length]));
// Warm the connection and the scripts' cache.
await Promise.all(perConnection.map((list) => once(list)));

const result = await closedLoop(perConnection, once, seconds);
await client.close();
process.stdout.write(JSON.stringify(result) + '\n');
