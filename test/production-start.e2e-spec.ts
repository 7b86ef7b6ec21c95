import { randomBytes } from 'node:crypto';
import { UsersService } from '../src/users/users.service.js';
import { DEMO } from './utils/auth.js';
import { CapturedLog } from './utils/log-capture.js';
import {
  createTestApp,
  dropDatabase,
  uniqueDatabaseUri,
  type TestApp,
} from './utils/test-app.js';

/** A secret as `openssl rand -hex 16` makes one: 32 random hex digits. */
const RANDOM_HEX = randomBytes(16).toString('hex');
const RANDOM_BASE64 = randomBytes(48).toString('base64url');

/**
 * Production refuses a secret with too little variety, and a demo account
 * that exists in production is announced loudly at every start.
 */
describe('Production checks at start-up', () => {
  const opened: TestApp[] = [];
  const databases = new Set<string>();

  async function start(
    env: Record<string, string | undefined>,
    databaseUri = uniqueDatabaseUri('production-checks'),
    logger?: CapturedLog,
  ): Promise<TestApp> {
    databases.add(databaseUri);
    const t = await createTestApp({
      databaseUri,
      logger,
      env: { NODE_ENV: 'production', ...env },
    });
    opened.push(t);
    return t;
  }

  afterAll(async () => {
    for (const t of opened) await t.close();
    for (const uri of databases) await dropDatabase(uri);
  });

  describe('secrets', () => {
    it.each([
      ['one character 32 times', 'a'.repeat(32)],
      ['two characters in turn', 'ab'.repeat(20)],
      ['a sequence, twice', '0123456789abcdef'.repeat(2)],
      ['a keyboard walk and a word', 'qwertyuiopasdfghjklzxcvbnm-secret'],
      ['words and sequences', 'production-secret-0123456789-abcdefghij'],
    ])('refuses %s', async (_case, secret) => {
      await expect(start({ SESSION_SECRET: secret })).rejects.toThrow(
        "Invalid environment: SESSION_SECRET: secret number 1 has too little variety for NODE_ENV=production (repeats, sequences, keyboard walks or words): use 32 or more random characters, e.g. node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\"",
      );
    });

    it('names the weak one of several', async () => {
      await expect(
        start({ SESSION_SECRET: `${RANDOM_BASE64},${'z'.repeat(40)}` }),
      ).rejects.toThrow(
        /SESSION_SECRET: secret number 2 has too little variety/,
      );
    });

    it.each([
      ['32 random hex digits', RANDOM_HEX],
      ['64 random base64url characters', RANDOM_BASE64],
    ])('accepts %s', async (_case, secret) => {
      const t = await start({ SESSION_SECRET: secret });
      await t.close();
    });
  });

  describe('the demo account', () => {
    const warningsOf = (log: CapturedLog) =>
      log.records
        .filter((record) => record.level === 'warn')
        .map((record) => String(record.message));
    const LOUD = `The demo account ${DEMO.email} / ${DEMO.password} exists in production: anyone can log in with it. Delete it from the users collection (or start with an empty database) before anyone else can reach this app.`;

    it('is announced loudly at every start in production, as long as it exists', async () => {
      const databaseUri = uniqueDatabaseUri('demo-production');
      const seeded = new CapturedLog();
      const first = await start(
        { SESSION_SECRET: RANDOM_BASE64, SEED_DEMO_USER: 'true' },
        databaseUri,
        seeded,
      );
      expect(warningsOf(seeded)).toContain(LOUD);
      await first.close();

      // SEED_DEMO_USER is off now, but the account is still there.
      const again = new CapturedLog();
      const second = await start(
        { SESSION_SECRET: RANDOM_BASE64, SEED_DEMO_USER: 'false' },
        databaseUri,
        again,
      );
      expect(warningsOf(again)).toContain(LOUD);
      await second.connection
        .collection('users')
        .deleteOne({ email: DEMO.email });
      await second.close();

      const quiet = new CapturedLog();
      const third = await start(
        { SESSION_SECRET: RANDOM_BASE64 },
        databaseUri,
        quiet,
      );
      expect(warningsOf(quiet).join('\n')).not.toContain(DEMO.email);
      expect(await third.app.get(UsersService).findByEmail(DEMO.email)).toBe(
        null,
      );
    });
  });
});
