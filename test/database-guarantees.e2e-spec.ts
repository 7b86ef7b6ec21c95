import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { dropDatabase, uniqueDatabaseUri } from './utils/test-app.js';

/** The documents these checks write. */
interface Doc {
  _id: string;
  n?: number;
  by?: number;
  owner?: string | string[] | number;
  [field: `k${number}`]: number;
}

/**
 * What the session store relies on the database for, checked against
 * whatever server MONGODB_URI names: MongoDB keeps these promises; a test
 * server that does not would let the product pass tests it fails in
 * production. Several clients (separate connection pools) so that the
 * operations really overlap on the server.
 */
describe('Database guarantees the session store relies on', () => {
  const uri = uniqueDatabaseUri('guarantees');
  const clients: MongoClient[] = [];
  let docs: Collection<Doc>;

  beforeAll(async () => {
    for (let i = 0; i < 10; i++) {
      const client = new MongoClient(uri, { maxPoolSize: 10 });
      await client.connect();
      clients.push(client);
    }
    docs = clients[0].db().collection<Doc>('docs');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await dropDatabase(uri);
  });

  /** The collection as the i-th client sees it: the work is spread over every client. */
  const through = (i: number) =>
    clients[i % clients.length].db().collection<Doc>('docs');

  it('applies 50 parallel $inc of one document: the count is 50', async () => {
    await docs.insertOne({ _id: 'inc', n: 0 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        through(i).updateOne({ _id: 'inc' }, { $inc: { n: 1 } }),
      ),
    );
    expect(await docs.findOne({ _id: 'inc' })).toEqual({ _id: 'inc', n: 50 });
  });

  it('keeps 20 parallel $set of 20 different fields of one document', async () => {
    await docs.insertOne({ _id: 'set' });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        through(i).updateOne({ _id: 'set' }, { $set: { [`k${i}`]: i } }),
      ),
    );
    const stored = await docs.findOne({ _id: 'set' });
    expect(
      Object.keys(stored ?? {}).filter((key) => key !== '_id'),
    ).toHaveLength(20);
  });

  it('answers 50 parallel findOneAndUpdate $inc with 50 distinct values, 1 to 50', async () => {
    await docs.insertOne({ _id: 'fam', n: 0 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        through(i).findOneAndUpdate(
          { _id: 'fam' },
          { $inc: { n: 1 } },
          { returnDocument: 'after' },
        ),
      ),
    );
    const values = answers.map((doc) => doc?.n as number).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await docs.findOne({ _id: 'fam' }))?.n).toBe(50);
  });

  it('lets one of 20 clients inserting the same _id win; the others get E11000', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        through(i).insertOne({ _id: 'one', by: i }),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const error of refused) {
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(11000);
    }
    expect(await docs.countDocuments({ _id: 'one' })).toBe(1);
  });

  it('does not apply an update to a document deleted before it', async () => {
    await docs.insertOne({ _id: 'gone', n: 0 });
    const [deleted, updated] = await Promise.all([
      through(0).deleteOne({ _id: 'gone' }),
      through(1).updateOne({ _id: 'gone' }, { $inc: { n: 1 } }),
    ]);
    expect(deleted.deletedCount).toBe(1);
    // Either order is allowed; never a document brought back by the update.
    expect(await docs.findOne({ _id: 'gone' })).toBeNull();
    expect(updated.upsertedCount).toBe(0);
  });

  it('finds a document by _id with other keys in the filter', async () => {
    await docs.insertOne({ _id: 'pair', owner: 'u1' });
    expect(await docs.findOne({ _id: 'pair', owner: 'u1' })).toEqual({
      _id: 'pair',
      owner: 'u1',
    });
    expect(await docs.findOne({ _id: 'pair', owner: 'u2' })).toBeNull();
    const deleted = await docs.deleteOne({ _id: 'pair', owner: 'u2' });
    expect(deleted.deletedCount).toBe(0);
  });

  it('matches an equality on an indexed field as MongoDB does: the string, an array holding it, any characters', async () => {
    const owners = clients[0].db().collection<Doc>('owners');
    await owners.createIndex({ owner: 1 });
    await owners.insertMany([
      { _id: 'string', owner: 'target' },
      { _id: 'array', owner: ['other', 'target'] },
      { _id: 'other', owner: 'targets' },
      { _id: 'number', owner: 5 },
      { _id: 'marks', owner: 'a<b&"c\\é' },
    ]);
    const ids = async (filter: Partial<Doc>) =>
      (await owners.find(filter).toArray()).map((doc) => doc._id).sort();
    expect(await ids({ owner: 'target' })).toEqual(['array', 'string']);
    expect(
      await ids({ owner: 'target', _id: { $ne: 'string' } } as never),
    ).toEqual(['array']);
    expect(await ids({ owner: 'a<b&"c\\é' })).toEqual(['marks']);
    expect(await ids({ owner: 5 })).toEqual(['number']);
    expect((await owners.deleteMany({ owner: 'target' })).deletedCount).toBe(2);
    expect(await ids({})).toEqual(['marks', 'number', 'other']);
  });
});
