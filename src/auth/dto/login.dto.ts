import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { normaliseEmail } from '../../users/email.js';
import { MAX_EMAIL_LENGTH } from '../../users/schemas/user.schema.js';

export const MAX_PASSWORD_LENGTH = 128;
export const MAX_NEXT_LENGTH = 2000;

/** Checkbox values a browser or a JSON client may send for "keep me signed in". */
export const REMEMBER_VALUES = ['on', 'true', '1', true] as const;

/** A string as the app stores emails; anything else is left for the type check to refuse. */
export const normaliseEmailField = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? normaliseEmail(value) : value;

/**
 * Both fields must be strings: an object such as `{"$ne": null}` or an array
 * is refused here, with 400, before anything reaches the database.
 */
export class LoginDto {
  @Transform(normaliseEmailField)
  @IsString({ message: 'email must be text' })
  @IsNotEmpty({ message: 'email is required' })
  @MaxLength(MAX_EMAIL_LENGTH, {
    message: `email must be at most ${MAX_EMAIL_LENGTH} characters`,
  })
  email!: string;

  // A long password is refused before hashing, so it cannot be used to burn CPU.
  @IsString({ message: 'password must be text' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(MAX_PASSWORD_LENGTH, {
    message: `password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  })
  password!: string;

  @IsOptional()
  @IsIn(REMEMBER_VALUES, { message: 'remember must be a checkbox value' })
  remember?: string | boolean;

  @IsOptional()
  @IsString({ message: 'next must be text' })
  @MaxLength(MAX_NEXT_LENGTH, {
    message: `next must be at most ${MAX_NEXT_LENGTH} characters`,
  })
  next?: string;
}
