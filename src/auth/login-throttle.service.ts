import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { MongoServerError } from 'mongodb';
import mongoose, { type Model } from 'mongoose';
import { authConfig } from '../config/auth.config.js';
import { normaliseEmail } from '../users/users.service.js';
import { LoginAttempt } from './schemas/login-attempt.schema.js';

/** One counted attempt: what it counted against, so it can be taken back after a success. */
export interface AttemptTicket {
  emailKey: string;
  ipKey: string;
  ipWindowStart: Date;
  /** Set when the attempt is over a limit: when the visitor may try again. */
  retryAt?: Date;
}

interface Counter {
  count: number;
  windowStart: Date;
}

/**
 * Login throttling per account and per client address, in fixed windows.
 * Each attempt is counted *before* the password is checked (an atomic $inc),
 * so parallel attempts cannot all slip under the limit; a success then resets
 * the account's count and takes its own attempt back from the address's.
 */
@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottleService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectModel(LoginAttempt.name)
    private readonly attempts: Model<LoginAttempt>,
    @Inject(authConfig.KEY)
    private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.attempts.init();
    // FerretDB 1.x has no TTL indexes: finished windows are removed by a periodic query.
    this.timer = setInterval(
      () => void this.purgeExpired(),
      Math.max(1000, this.config.throttleWindowMs),
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Counts one attempt for this email and address; `retryAt` is set when either is over its limit. */
  async begin(email: string, ip: string): Promise<AttemptTicket> {
    const emailKey = `email:${normaliseEmail(email)}`;
    const ipKey = `ip:${ip}`;
    const [byEmail, byIp] = await Promise.all([
      this.hit(emailKey),
      this.hit(ipKey),
    ]);
    const ends: Date[] = [];
    if (byEmail.count > this.config.maxFailuresPerEmail)
      ends.push(this.windowEnd(byEmail));
    if (byIp.count > this.config.maxFailuresPerIp)
      ends.push(this.windowEnd(byIp));
    return {
      emailKey,
      ipKey,
      ipWindowStart: byIp.windowStart,
      retryAt: ends.length
        ? new Date(Math.max(...ends.map((end) => end.getTime())))
        : undefined,
    };
  }

  /** After a successful login: the account starts afresh, and the address's count no longer holds this attempt. */
  async succeeded(ticket: AttemptTicket): Promise<void> {
    await Promise.all([
      this.attempts
        .deleteOne({ _id: ticket.emailKey })
        .setOptions({ sanitizeFilter: true })
        .exec(),
      this.attempts
        .updateOne(
          {
            _id: ticket.ipKey,
            windowStart: ticket.ipWindowStart,
            count: mongoose.trusted({ $gt: 0 }),
          },
          { $inc: { count: -1 } },
        )
        .setOptions({ sanitizeFilter: true })
        .exec(),
    ]);
  }

  /** Deletes counters whose window is over; returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    try {
      const { deletedCount } = await this.attempts
        .deleteMany({
          windowStart: mongoose.trusted({ $lte: this.windowCutoff(now) }),
        })
        .setOptions({ sanitizeFilter: true })
        .exec();
      return deletedCount;
    } catch (error) {
      this.logger.warn(
        `Removing old login attempts failed: ${(error as Error).message}`,
      );
      return 0;
    }
  }

  private windowEnd(counter: Counter): Date {
    return new Date(
      counter.windowStart.getTime() + this.config.throttleWindowMs,
    );
  }

  private windowCutoff(now: number): Date {
    return new Date(now - this.config.throttleWindowMs);
  }

  /**
   * Adds one to the key's count in its current window, or starts a new window
   * at 1. Both steps are single atomic operations; when two requests race to
   * create the window, the loser's insert fails on the unique _id and it
   * increments the winner's window instead.
   */
  private async hit(key: string): Promise<Counter> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const cutoff = this.windowCutoff(now.getTime());
      const current = await this.attempts
        .findOneAndUpdate(
          { _id: key, windowStart: mongoose.trusted({ $gt: cutoff }) },
          { $inc: { count: 1 } },
          { returnDocument: 'after' },
        )
        .setOptions({ sanitizeFilter: true })
        .lean()
        .exec();
      if (current) return current;
      try {
        const fresh = await this.attempts
          .findOneAndUpdate(
            { _id: key, windowStart: mongoose.trusted({ $lte: cutoff }) },
            { $set: { count: 1, windowStart: now } },
            { upsert: true, returnDocument: 'after' },
          )
          .setOptions({ sanitizeFilter: true })
          .lean()
          .exec();
        if (fresh) return fresh;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000))
          throw error;
      }
    }
    throw new Error(`Could not count a login attempt for ${key}`);
  }
}
