import { MongoServerError, type Collection } from 'mongodb';
import { randomUUID } from 'node:crypto';

interface LockDocument {
  _id: string;
  token: string;
  at: Date;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one session's updates one at a time, across processes, for servers that
 * do not isolate concurrent updates of one document. FerretDB 1.x on SQLite
 * reads, changes and rewrites the whole document: of 50 parallel `$inc` only 1
 * to 10 counted, of 20 parallel `$set` of different fields 2 survived, and even
 * an `updateOne({_id, v})` version check let lost updates through. An insert
 * with a taken `_id` is refused atomically (1 winner in 50), so a lock document
 * per session id serialises the writers.
 *
 * Writers of one session in this process first queue in memory, so that only
 * one of them at a time competes for the lock document: without the queue,
 * eight parallel requests of one visitor made five inserts per update.
 */
export class SessionWriteLock {
  /** The last queued write of each session in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly locks: Promise<Collection<LockDocument>>,
    private readonly waitMs = 10_000,
    /** A lock older than this was left by a process that died while holding it. */
    private readonly staleMs = 5_000,
  ) {}

  run<T>(sid: string, write: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sid) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(() => this.runLocked(sid, write));
    this.queues.set(sid, mine);
    const forget = () => {
      if (this.queues.get(sid) === mine) this.queues.delete(sid);
    };
    mine.then(forget, forget);
    return mine;
  }

  private async runLocked<T>(sid: string, write: () => Promise<T>): Promise<T> {
    const locks = await this.locks;
    const token = randomUUID();
    const started = Date.now();
    for (;;) {
      try {
        await locks.insertOne({ _id: sid, token, at: new Date() });
        break;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000))
          throw error;
      }
      const waited = Date.now() - started;
      if (waited > this.waitMs)
        throw new Error(`Session write lock still taken after ${waited} ms`);
      if (waited > this.staleMs) {
        await locks.deleteOne({
          _id: sid,
          at: { $lt: new Date(Date.now() - this.staleMs) },
        });
      }
      await sleep(5 + Math.random() * 15);
    }
    try {
      return await write();
    } finally {
      await locks.deleteOne({ _id: sid, token });
    }
  }
}
