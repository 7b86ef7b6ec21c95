import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Failed logins for one key (`email:<address>` or `ip:<address>`) in the
 * current fixed window. Kept in MongoDB so that a restart or another instance
 * does not hand an attacker a fresh allowance.
 */
@Schema({ collection: 'login_attempts', versionKey: false })
export class LoginAttempt {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true, default: 0 })
  count!: number;

  @Prop({ required: true, index: true })
  windowStart!: Date;
}

export const LoginAttemptSchema = SchemaFactory.createForClass(LoginAttempt);
