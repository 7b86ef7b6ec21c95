import {
  Inject,
  Injectable,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model, type Types } from 'mongoose';
import { CLOCK, type Clock } from '../common/clock.js';
import { authConfig } from '../config/auth.config.js';
import { normaliseEmail } from '../users/email.js';
import type {
  AttemptTicket,
  Counted,
  PasswordClient,
  Refusal,
  ThrottleDecision,
} from './login-throttle.types.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

/**
 * Throttling of every password check (the login form and the current
 * password of /account/password), over a sliding window, designed to slow
 * guessing without handing an attacker a way to lock the owner out:
 *
 * - **per account and client** (`maxFailuresPerClient`, 5): a client is the
 *   address, or a browser the account logged in from before (LoginDevices).
 *   Someone guessing from one place is held there only; the owner elsewhere
 *   is not.
 * - **per account, unknown clients together** (`maxFailuresPerEmail`, 20):
 *   guessing spread over many addresses is bounded too. Past it, clients the
 *   account does not know wait; browsers it logged in from do not.
 * - **per address, unknown clients** (`maxFailuresPerIp`, 50): many
 *   accounts tried from one place. People behind the same address (a NAT)
 *   who logged in from their browser before are not held by it.
 *
 * An attempt is recorded *before* the password is checked and then the
 * attempts in the window are counted, so parallel attempts cannot all slip
 * under a limit. An attempt over a limit is refused and its records removed
 * (it was not checked, and must not push the wait further away). A success
 * clears that client's count for the account and takes back its own records
 * elsewhere; it does not clear the account's ceiling, which an attacker on
 * other addresses may be filling.
 *
 * Registrations are counted here too, per address (`maxRegistrationsPerIp`
 * within `registerWindowMs`), in the same collection.
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
   * Records a password attempt for this email from this client, before the
   * password is checked, and says whether it may be checked: the attempt
   * counts as a failure until recordSuccess() takes it back.
   */
  async recordAttempt(
    email: string,
    client: PasswordClient,
  ): Promise<ThrottleDecision> {
    const account = normaliseEmail(email);
    const window = this.config.throttleWindowMs;
    const clientKey = client.device
      ? `client:${account}|device:${client.device}`
      : `client:${account}|ip:${client.ip}`;
    const counted: Counted[] = [
      {
        key: clientKey,
        limit: this.config.maxFailuresPerClient,
        windowMs: window,
        kind: 'client',
      },
    ];
    if (!client.device)
      counted.push(
        {
          key: `email:${account}`,
          limit: this.config.maxFailuresPerEmail,
          windowMs: window,
          kind: 'email',
        },
        {
          key: `ip:${client.ip}`,
          limit: this.config.maxFailuresPerIp,
          windowMs: window,
          kind: 'ip',
        },
      );
    const outcome = await this.count(counted);
    if (!outcome.allowed) return outcome;
    return {
      allowed: true,
      ticket: { clientKey, attemptIds: outcome.ids },
      remaining: Math.max(
        0,
        this.config.maxFailuresPerClient - (outcome.counts.get(clientKey) ?? 0),
      ),
    };
  }

  /** After a right password: this client starts afresh for the account, and the attempt no longer counts anywhere. */
  async recordSuccess(ticket: AttemptTicket): Promise<void> {
    // One delete for both: every database command is a round trip on the login path.
    await this.attempts
      .deleteMany({
        $or: [
          { key: ticket.clientKey },
          { _id: mongoose.trusted({ $in: ticket.attemptIds }) },
        ],
      })
      .setOptions({ sanitizeFilter: true })
      .exec();
  }

  /** Records a registration from this address and says whether it may go on. */
  async recordRegistration(ip: string): Promise<{ allowed: true } | Refusal> {
    const outcome = await this.count([
      {
        key: `register:${ip}`,
        limit: this.config.maxRegistrationsPerIp,
        windowMs: this.config.registerWindowMs,
        kind: 'registrations',
      },
    ]);
    return outcome.allowed ? { allowed: true } : outcome;
  }

  /** Deletes attempts that have left the window now; returns how many. */
  async purgeExpired(): Promise<number> {
    const { deletedCount } = await this.attempts
      .deleteMany({ expiresAt: { $lte: new Date(this.clock()) } })
      .exec();
    return deletedCount;
  }

  /**
   * Records one attempt under each key, then counts each key's attempts in
   * its window (one query); over any limit, the records are taken back and
   * the refusal says when the latest-freed limit lets one more through.
   */
  private async count(
    counted: Counted[],
  ): Promise<
    | { allowed: true; ids: Types.ObjectId[]; counts: Map<string, number> }
    | Refusal
  > {
    const now = this.clock();
    const inserted = await this.attempts.insertMany(
      counted.map(({ key, windowMs }) => ({
        key,
        at: new Date(now),
        expiresAt: new Date(now + windowMs),
      })),
    );
    const ids = inserted.map((attempt) => attempt._id);
    const counts = await this.countInWindow(counted, now);
    const over = counted.filter(
      ({ key, limit }) => (counts.get(key) ?? 0) > limit,
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

  /** Each key's attempts in its window, counted in one query. */
  private async countInWindow(
    counted: Counted[],
    now: number,
  ): Promise<Map<string, number>> {
    const rows = await this.attempts
      .aggregate<{ _id: string; attempts: number }>([
        {
          $match: {
            $or: counted.map(({ key, windowMs }) => ({
              key,
              at: { $gt: new Date(now - windowMs) },
            })),
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
