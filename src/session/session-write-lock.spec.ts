import { MongoServerError } from 'mongodb';
import { SessionWriteLock } from './session-write-lock.js';

type LockCollection = ConstructorParameters<typeof SessionWriteLock>[0];

/** A lock collection in memory that refuses a taken `_id` as the server does. */
function lockCollection() {
  const held = new Set<string>();
  const calls = { insert: 0, delete: 0 };
  const collection = {
    insertOne: ({ _id }: { _id: string }) => {
      calls.insert += 1;
      if (held.has(_id)) {
        return Promise.reject(
          new MongoServerError({ message: 'duplicate key', code: 11000 }),
        );
      }
      held.add(_id);
      return Promise.resolve({ acknowledged: true, insertedId: _id });
    },
    deleteOne: ({ _id }: { _id: string }) => {
      calls.delete += 1;
      held.delete(_id);
      return Promise.resolve({ acknowledged: true, deletedCount: 1 });
    },
  };
  return {
    locks: Promise.resolve(collection) as unknown as LockCollection,
    calls,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('SessionWriteLock', () => {
  it('runs one session’s writes one at a time, each taking the lock once', async () => {
    const { locks, calls } = lockCollection();
    const lock = new SessionWriteLock(locks);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        lock.run('s1', async () => {
          running += 1;
          most = Math.max(most, running);
          await tick();
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(calls).toEqual({ insert: 8, delete: 8 });
  });

  it('lets different sessions write at the same time', async () => {
    const { locks } = lockCollection();
    const lock = new SessionWriteLock(locks);
    let running = 0;
    let most = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((sid) =>
        lock.run(sid, async () => {
          running += 1;
          most = Math.max(most, running);
          await tick();
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('goes on with the next write when one fails, and gives each its own result', async () => {
    const { locks, calls } = lockCollection();
    const lock = new SessionWriteLock(locks);
    const failed = lock.run('s1', () => Promise.reject(new Error('lost')));
    const next = lock.run('s1', () => Promise.resolve('written'));
    await expect(failed).rejects.toThrow('lost');
    await expect(next).resolves.toBe('written');
    expect(calls.delete).toBe(2);
  });
});
