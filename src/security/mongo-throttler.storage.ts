import {
  Inject,
  Injectable,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Connection } from 'mongoose';
import { CLOCK, type Clock } from '../common/clock.js';
import { removeWhenExpired } from '../common/expiring-collection.js';

interface WindowDocument {
  _id: string;
  hits: number;
  expiresAt: Date;
}

/**
 * @nestjs/throttler's counts in the app's MongoDB, so that a limit holds
 * across every instance of the app rather than per process. Fixed windows:
 * a key's hits in the window `ttl` it falls in, counted by one atomic upsert
 * ($inc), so parallel requests all count. A key past its limit stays blocked
 * until its window ends (blockDuration is not used).
 */
@Injectable()
export class MongoThrottlerStorage
  implements ThrottlerStorage, OnModuleInit, OnModuleDestroy
{
  private stopRemoval?: () => void;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get windows() {
    return this.connection.db!.collection<WindowDocument>('throttles');
  }

  async onModuleInit(): Promise<void> {
    this.stopRemoval = await removeWhenExpired(
      this.windows as never,
      'expiresAt',
      { clock: this.clock, intervalMs: 60_000 },
    );
  }

  onModuleDestroy(): void {
    this.stopRemoval?.();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    const now = this.clock();
    const start = Math.floor(now / ttl) * ttl;
    const end = start + ttl;
    const window = await this.windows.findOneAndUpdate(
      { _id: `${throttlerName}:${key}:${start}` },
      { $inc: { hits: 1 }, $setOnInsert: { expiresAt: new Date(end) } },
      { upsert: true, returnDocument: 'after' },
    );
    const totalHits = window?.hits ?? 1;
    const timeToExpire = Math.max(1, Math.ceil((end - now) / 1000));
    const isBlocked = totalHits > limit;
    return {
      totalHits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }
}
