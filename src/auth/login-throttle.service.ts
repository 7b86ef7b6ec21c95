import {
  Inject,
  Injectable,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model, type Types } from 'mongoose';
import { createHash } from 'node:crypto';
import { CLOCK, type Clock } from '../common/clock.js';
import { authConfig } from '../config/auth.config.js';
import { normaliseEmail } from '../users/email.js';
import type {
  AttemptedAccount,
  AttemptTicket,
  Counted,
  PasswordClient,
  Refusal,
  ThrottleDecision,
} from './login-throttle.types.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

/**
 * How long an address stays known to an account after a login from it. Much
 * shorter than a browser's (DEVICE_LIFETIME_MS): addresses are reassigned
 * and shared, browsers are not.
 */
const KNOWN_ADDRESS_LIFETIME_MS = 30 * 24 * 3_600_000;

/**
 * Known addresses are recorded once per half lifetime, under a key naming
 * that half: a login finds out from the key alone whether the address's
 * record is recent enough (FerretDB's $group has $sum and $count, no $max),
 * and most logins write nothing. An address is thus known for 15 to 30 days
 * after the last login from it.
 */
const ADDRESS_PERIOD_MS = KNOWN_ADDRESS_LIFETIME_MS / 2;

/**
 * A short tag of the account's password hash, which changes with every new
 * password (a new salt each time, even for the same password): keys bound to
 * it are left behind by a password change. An unknown email gets the tag of
 * nothing, so it takes the same path.
 */
function passwordTag(passwordHash = ''): string {
  return createHash('sha256')
    .update(passwordHash)
    .digest('base64url')
    .slice(0, 16);
}

/**
 * The keys of the records that make `ip` known to the account under its
 * current password: this period's first, then the two before it, which may
 * still be within their lifetime.
 */
function addressKeys(
  email: string,
  ip: string,
  passwordHash: string | undefined,
  now: number,
): string[] {
  const period = Math.floor(now / ADDRESS_PERIOD_MS);
  const base = `address:${email}|ip:${ip}|pw:${passwordTag(passwordHash)}`;
  return [period, period - 1, period - 2].map((p) => `${base}|${p}`);
}

/**
 * Throttling of every password check (the login form and the current
 * password of /account/password), over a sliding window, designed to slow
 * guessing without handing an attacker a way to lock the owner out
 * (docs/security-login-throttling.md has the figures):
 *
 * - **per account and client** (`maxFailuresPerClient`, 5): a client is the
 *   address, or a browser the account logged in from before (LoginDevices).
 *   Someone guessing from one place is held there only; the owner elsewhere
 *   is not.
 * - **per account, unknown clients together** (`maxFailuresPerEmail`, 20):
 *   guessing spread over many addresses is bounded too. Past it, clients the
 *   account does not know wait; browsers it logged in from do not, and
 *   neither does any browser on an address it logged in from within
 *   KNOWN_ADDRESS_LIFETIME_MS (that address's own limit still holds), so an
 *   attacker elsewhere cannot keep the owner's new browser out at home.
 * - **per account, known browsers together** (`maxDeviceFailuresPerEmail`,
 *   10): however many device cookies someone gathered, together they are
 *   worth this many guesses, not 5 each.
 * - **per address, unknown clients** (`maxFailuresPerIp`, 50): many
 *   accounts tried from one place. People behind the same address (a NAT)
 *   who logged in from their browser before are not held by it.
 *
 * Known addresses and the known browsers' allowance are bound to the
 * account's password hash (passwordTag), as device cookies are: after a
 * password change, what someone earned with the old password is gone.
 *
 * An attempt is recorded *before* the password is checked and then the
 * attempts in the window are counted, so parallel attempts cannot all slip
 * under a limit. An attempt over a limit is refused and its records removed
 * (it was not checked, and must not push the wait further away). A success
 * clears that client's count for the account and takes back its own records
 * elsewhere; it does not clear the account's ceiling, which an attacker on
 * other addresses may be filling.
 *
 * Registrations are limited per address by RegistrationThrottlerGuard
 * (@nestjs/throttler), not here: they concern no account.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectModel(LoginAttempt.name)
    private readonly attempts: Model<LoginAttempt>,
    @Inject(authConfig.KEY)
    private readonly config: ConfigType<typeof authConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.attempts.init();
    // Attempts out of their window are removed by a TTL index; where the
    // server has none, by a deleteMany each window (never counted either way).
    await this.attempts.collection
      .createIndex(
        { expiresAt: 1 },
        { name: 'expiresAt_ttl', expireAfterSeconds: 0 },
      )
      .catch((error: { code?: unknown; message?: string }) => {
        if (error.code !== 238 && !/not implemented/i.test(error.message ?? ''))
          throw error;
        this.sweeper = setInterval(
          () => void this.purgeExpired().catch(() => undefined),
          Math.min(Math.max(1000, this.config.throttleWindowMs), 60_000),
        ).unref();
      });
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Records a password attempt for this account from this client, before the
   * password is checked, and says whether it may be checked: the attempt
   * counts as a failure until recordSuccess() takes it back.
   */
  async recordAttempt(
    account: AttemptedAccount,
    client: PasswordClient,
  ): Promise<ThrottleDecision> {
    const email = normaliseEmail(account.email);
    const window = this.config.throttleWindowMs;
    const known = addressKeys(
      email,
      client.ip,
      account.passwordHash,
      this.clock(),
    );
    const clientKey = client.device
      ? `client:${email}|device:${client.device}`
      : `client:${email}|ip:${client.ip}`;
    const counted: Counted[] = [
      {
        key: clientKey,
        limit: this.config.maxFailuresPerClient,
        windowMs: window,
        kind: 'client',
      },
    ];
    if (client.device)
      counted.push({
        key: `devices:${email}|pw:${passwordTag(account.passwordHash)}`,
        limit: this.config.maxDeviceFailuresPerEmail,
        windowMs: window,
        kind: 'devices',
      });
    else
      counted.push(
        {
          key: `email:${email}`,
          limit: this.config.maxFailuresPerEmail,
          windowMs: window,
          kind: 'email',
          liftedBy: known,
        },
        {
          key: `ip:${client.ip}`,
          limit: this.config.maxFailuresPerIp,
          windowMs: window,
          kind: 'ip',
        },
      );
    // The address's records are read in the same query as the counts, so
    // knowing it costs no round trip; a success writes this period's record
    // only when it is missing, so most logins do not write either.
    const outcome = await this.count(counted, known);
    if (!outcome.allowed) return outcome;
    return {
      allowed: true,
      ticket: {
        clientKey,
        attemptIds: outcome.ids,
        addressKey: outcome.counts.has(known[0]) ? undefined : known[0],
      },
      remaining: Math.max(
        0,
        this.config.maxFailuresPerClient - (outcome.counts.get(clientKey) ?? 0),
      ),
    };
  }

  /**
   * After a right password: this client starts afresh for the account, the
   * attempt no longer counts anywhere, and the address is known to the
   * account.
   */
  async recordSuccess(ticket: AttemptTicket): Promise<void> {
    // One delete for both, beside the address's record when it is due: every
    // database command is a round trip on the login path.
    await Promise.all([
      this.attempts
        .deleteMany({
          $or: [
            { key: ticket.clientKey },
            { _id: mongoose.trusted({ $in: ticket.attemptIds }) },
          ],
        })
        .setOptions({ sanitizeFilter: true })
        .exec(),
      ticket.addressKey && this.renewAddress(ticket.addressKey),
    ]);
  }

  /**
   * Makes `ip` known to the account as it is now, for
   * KNOWN_ADDRESS_LIFETIME_MS: after a password change, the address it was
   * made from stays known under the new password.
   */
  async rememberAddress(
    account: Required<AttemptedAccount>,
    ip: string,
  ): Promise<void> {
    const email = normaliseEmail(account.email);
    const [current] = addressKeys(
      email,
      ip,
      account.passwordHash,
      this.clock(),
    );
    await this.renewAddress(current);
  }

  /** Deletes attempts that have left the window now; returns how many. */
  async purgeExpired(): Promise<number> {
    const { deletedCount } = await this.attempts
      .deleteMany({ expiresAt: { $lte: new Date(this.clock()) } })
      .exec();
    return deletedCount;
  }

  /** Writes a known-address record (parallel logins may write two: either is enough). */
  private async renewAddress(key: string): Promise<void> {
    const now = this.clock();
    await this.attempts
      .updateOne(
        { key },
        {
          $set: {
            at: new Date(now),
            expiresAt: new Date(now + KNOWN_ADDRESS_LIFETIME_MS),
          },
        },
        { upsert: true },
      )
      .setOptions({ sanitizeFilter: true })
      .exec();
  }

  /**
   * Records one attempt under each key, then counts each key's attempts in
   * its window, and the unexpired records of the `read` keys, in one query;
   * over any limit that no such record lifts, the attempts are taken back
   * and the refusal says when the latest-freed limit lets one more through.
   */
  private async count(
    counted: Counted[],
    read: string[] = [],
  ): Promise<
    | { allowed: true; ids: Types.ObjectId[]; counts: Map<string, number> }
    | Refusal
  > {
    const now = this.clock();
    // Written as they are (the driver's insert, not mongoose's documents):
    // every login writes these, and they need no validation.
    const { insertedIds } = await this.attempts.collection.insertMany(
      counted.map(({ key, windowMs }) => ({
        key,
        at: new Date(now),
        expiresAt: new Date(now + windowMs),
      })),
    );
    const ids = Object.values(insertedIds);
    const counts = await this.countInWindow(counted, read, now);
    const over = counted.filter(
      ({ key, limit, liftedBy = [] }) =>
        (counts.get(key) ?? 0) > limit &&
        !liftedBy.some((record) => counts.has(record)),
    );
    if (over.length === 0) return { allowed: true, ids, counts };
    await this.attempts
      .deleteMany({ _id: mongoose.trusted({ $in: ids }) })
      .setOptions({ sanitizeFilter: true })
      .exec();
    const ends = await Promise.all(
      over.map((limit) => this.freeAt(limit, now)),
    );
    const latest = Math.max(...ends);
    const deciding = over[ends.indexOf(latest)];
    return {
      allowed: false,
      retryAt: new Date(latest),
      retryAfterSeconds: Math.max(1, Math.ceil((latest - now) / 1000)),
      limit: deciding.kind,
    };
  }

  /** Each counted key's attempts in its window, and each read key's unexpired records, counted in one query. */
  private async countInWindow(
    counted: Counted[],
    read: string[],
    now: number,
  ): Promise<Map<string, number>> {
    const rows = await this.attempts
      .aggregate<{ _id: string; attempts: number }>([
        {
          $match: {
            $or: [
              ...counted.map(({ key, windowMs }) => ({
                key,
                at: { $gt: new Date(now - windowMs) },
              })),
              ...read.map((key) => ({
                key,
                expiresAt: { $gt: new Date(now) },
              })),
            ],
          },
        },
        { $group: { _id: '$key', attempts: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id, row.attempts]));
  }

  /** When enough of the key's attempts have left the window for one more to be allowed (ms since epoch). */
  private async freeAt(
    { key, limit, windowMs }: Counted,
    now: number,
  ): Promise<number> {
    const inWindow = await this.attempts
      .find({ key, at: mongoose.trusted({ $gt: new Date(now - windowMs) }) })
      .select({ at: 1 })
      .sort({ at: 1 })
      .setOptions({ sanitizeFilter: true })
      .lean()
      .exec();
    // Attempts may have been removed meanwhile (a success); one second is then enough.
    const deciding = inWindow[inWindow.length - limit];
    return deciding ? deciding.at.getTime() + windowMs : now + 1000;
  }
}
