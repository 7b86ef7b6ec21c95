// Starts the built app in this process, as dist/main.js does, so the
// benchmark can read its heap after a full GC without the app exposing
// anything: `node --expose-gc --import ./bench/lib/loopback.mjs bench/heap-probe.mjs`.
// Answers the IPC message 'heap' with { heapUsed, rss } in bytes.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.APP_DIST ?? 'dist');
// The app's own copies of its packages (it may be another checkout than bench/'s).
const modules = join(dist, '..', 'node_modules');
await import(pathToFileURL(join(modules, 'reflect-metadata', 'Reflect.js')).href);
const { NestFactory } = await import(pathToFileURL(join(modules, '@nestjs', 'core', 'index.js')).href);
const { AppModule } = await import(pathToFileURL(join(dist, 'app.module.js')).href);
const { configureApp } = await import(pathToFileURL(join(dist, 'app.setup.js')).href);

const app = await NestFactory.create(AppModule, { bodyParser: false, abortOnError: false, logger: ['error', 'warn'] });
configureApp(app);
await app.listen(Number(process.env.PORT), '127.0.0.1');

process.on('message', (message) => {
  if (message !== 'heap') return;
  // Several passes: weak maps and finalizers can need more than one.
  for (let i = 0; i < 4; i++) globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.send({ heapUsed, rss });
});
process.send?.({ ready: true });
