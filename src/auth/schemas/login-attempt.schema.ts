import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/**
 * One login attempt counted against a key (`client:…`, `email:…`,
 * `devices:…`, `ip:…`, `register:…`; see LoginThrottleService), or the
 * record that an address is known to an account (`address:…`). A document
 * per attempt (a sliding window: each attempt leaves it on its own), removed
 * by a TTL index on `expiresAt` once it is out of the window. Kept in MongoDB
 * so that a restart or another instance does not hand an attacker a fresh
 * allowance.
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  @Prop({ required: true })
  key!: string;

  @Prop({ required: true })
  at!: Date;

  /** When the attempt leaves the window: the TTL index removes it then. */
  @Prop({ required: true })
  expiresAt!: Date;
}

export type LoginAttemptDocument = HydratedDocument<LoginAttempt>;
export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
LoginAttemptSchema.index({ key: 1, at: 1 });
