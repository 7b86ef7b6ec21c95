// Runs a Node server entry in N cluster workers sharing one port:
//   node bench/cluster.mjs <workers> <entry.js>
// Workers are started one after the other, so start-up work (such as seeding
// the demo user) never races.
import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [workersArg, entry] = process.argv.slice(2);

if (cluster.isPrimary) {
  const workers = Number(workersArg);
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      console.error(`cluster: worker ${worker.process.pid} exited (${code})`);
      stop();
      process.exitCode = 1;
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
  const startOne = (left) => {
    if (left === 0) return;
    cluster.fork().once('listening', () => startOne(left - 1));
  };
  startOne(workers);
} else {
  await import(pathToFileURL(resolve(entry)).href);
}
