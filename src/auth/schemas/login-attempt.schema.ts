import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/**
 * One login attempt counted against a key (`email:<address>` or
 * `ip:<address>`). A document per attempt rather than one counter per key:
 * FerretDB 1.x applies concurrent `$inc`s as read-modify-write and loses some
 * (50 parallel increments of one counter ended at 4 in our test), while
 * inserts are never lost. Kept in MongoDB so that a restart or another
 * instance does not hand an attacker a fresh allowance.
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  @Prop({ required: true })
  key!: string;

  @Prop({ required: true, index: true })
  at!: Date;
}

export type LoginAttemptDocument = HydratedDocument<LoginAttempt>;
export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
LoginAttemptSchema.index({ key: 1, at: 1 });
