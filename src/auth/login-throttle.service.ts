import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model, type Types } from 'mongoose';
import { CLOCK, type Clock } from '../common/clock.js';
import { authConfig } from '../config/auth.config.js';
import {
  startExpiredRemoval,
  type ExpiredRemoval,
} from '../session/stores/expired-removal.js';
import { normaliseEmail } from '../users/users.service.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

/** One counted attempt, so that a success can take it back. */
export interface AttemptTicket {
  emailKey: string;
  ipAttemptId: Types.ObjectId;
}

export type ThrottleDecision =
  | { allowed: true; ticket: AttemptTicket }
  | {
      allowed: false;
      retryAt: Date;
      /** Whole seconds until then (at least 1): the Retry-After. */
      retryAfterSeconds: number;
    };

/**
 * Login throttling per account and per client address, over a sliding window.
 * An attempt is recorded *before* the password is checked and then the
 * attempts in the window are counted, so parallel attempts cannot all slip
 * under the limit: the k-th recorded attempt always counts at least k. An
 * attempt over a limit is refused and its records removed (a refused attempt
 * was not checked, and must not push the lockout further away). A success
 * resets the account's count and removes its own record from the address's.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottleService.name);
  private removal?: ExpiredRemoval;

  constructor(
    @InjectModel(LoginAttempt.name)
    private readonly attempts: Model<LoginAttempt>,
    @Inject(authConfig.KEY)
    private readonly config: ConfigType<typeof authConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.attempts.init();
    // Attempts out of the window are removed by a TTL index, as sessions are.
    this.removal = await startExpiredRemoval(this.attempts.collection, {
      field: 'expiresAt',
      mode: 'native',
      intervalMs: Math.min(
        Math.max(1000, this.config.throttleWindowMs),
        60_000,
      ),
      clock: this.clock,
      logger: this.logger,
      what: 'login attempts',
    });
  }

  onModuleDestroy(): void {
    this.removal?.stop();
  }

  /** Records an attempt for this email and address, and says whether it may go on. */
  async begin(email: string, ip: string): Promise<ThrottleDecision> {
    const emailKey = `email:${normaliseEmail(email)}`;
    const ipKey = `ip:${ip}`;
    const now = new Date(this.clock());
    const expiresAt = new Date(now.getTime() + this.config.throttleWindowMs);
    const [emailAttempt, ipAttempt] = await this.attempts.insertMany([
      { key: emailKey, at: now, expiresAt },
      { key: ipKey, at: now, expiresAt },
    ]);
    const counts = await this.countInWindow([emailKey, ipKey], now);
    const byEmail = counts.get(emailKey) ?? 0;
    const byIp = counts.get(ipKey) ?? 0;
    const overEmail = byEmail > this.config.maxFailuresPerEmail;
    const overIp = byIp > this.config.maxFailuresPerIp;
    if (!overEmail && !overIp) {
      return {
        allowed: true,
        ticket: { emailKey, ipAttemptId: ipAttempt._id },
      };
    }
    await this.attempts
      .deleteMany({
        _id: mongoose.trusted({ $in: [emailAttempt._id, ipAttempt._id] }),
      })
      .setOptions({ sanitizeFilter: true })
      .exec();
    const ends = await Promise.all([
      overEmail
        ? this.freeAt(emailKey, this.config.maxFailuresPerEmail, now)
        : undefined,
      overIp
        ? this.freeAt(ipKey, this.config.maxFailuresPerIp, now)
        : undefined,
    ]);
    const retryAt = Math.max(
      ...ends.filter((end): end is number => end !== undefined),
    );
    return {
      allowed: false,
      retryAt: new Date(retryAt),
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((retryAt - now.getTime()) / 1000),
      ),
    };
  }

  /** After a successful login: the account starts afresh, and the address's count no longer holds this attempt. */
  async succeeded(ticket: AttemptTicket): Promise<void> {
    // One delete for both: every database command is a round trip on the login path.
    await this.attempts
      .deleteMany({
        $or: [{ key: ticket.emailKey }, { _id: ticket.ipAttemptId }],
      })
      .exec();
  }

  /** Deletes attempts that have left the window now; returns how many. */
  purgeExpired(): Promise<number> {
    return this.removal?.removeExpired() ?? Promise.resolve(0);
  }

  /** Each key's attempts in the window, counted in one query. */
  private async countInWindow(
    keys: string[],
    now: Date,
  ): Promise<Map<string, number>> {
    const rows = await this.attempts
      .aggregate<{ _id: string; attempts: number }>([
        {
          $match: {
            key: { $in: keys },
            at: { $gt: this.cutoff(now.getTime()) },
          },
        },
        { $group: { _id: '$key', attempts: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id, row.attempts]));
  }

  /** When enough of the key's attempts have left the window for one more to be allowed (ms since epoch). */
  private async freeAt(key: string, limit: number, now: Date): Promise<number> {
    const inWindow = await this.attempts
      .find({ key, at: mongoose.trusted({ $gt: this.cutoff(now.getTime()) }) })
      .select({ at: 1 })
      .sort({ at: 1 })
      .setOptions({ sanitizeFilter: true })
      .lean()
      .exec();
    // Attempts may have been removed meanwhile (a success); one second is then enough.
    const deciding = inWindow[inWindow.length - limit];
    return deciding
      ? deciding.at.getTime() + this.config.throttleWindowMs
      : now.getTime() + 1000;
  }

  private cutoff(now: number): Date {
    return new Date(now - this.config.throttleWindowMs);
  }
}
