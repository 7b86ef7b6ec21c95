import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

/** RFC 5321 limits an address to 254 characters. */
export const MAX_EMAIL_LENGTH = 254;

@Schema({
  collection: 'users',
  timestamps: { createdAt: true, updatedAt: false },
})
export class User {
  /** Normalised by UsersService (normaliseEmail), the only writer. */
  @Prop({ required: true, unique: true, maxlength: MAX_EMAIL_LENGTH })
  email!: string;

  /** argon2id in PHC form; never selected unless asked for, so it cannot leak into a page by accident. */
  @Prop({ required: true, select: false })
  passwordHash!: string;

  createdAt!: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
