import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { isPlainEmail } from '../../users/email.js';
import { MAX_EMAIL_LENGTH } from '../../users/schemas/user.schema.js';
import {
  MAX_NEXT_LENGTH,
  MAX_PASSWORD_LENGTH,
  normaliseEmailField,
} from './login.dto.js';
import { SameAs } from './same-as.decorator.js';

export const MIN_PASSWORD_LENGTH = 8;

export class RegisterDto {
  @Transform(normaliseEmailField)
  @IsString({ message: 'email must be text' })
  @MaxLength(MAX_EMAIL_LENGTH, {
    message: `email must be at most ${MAX_EMAIL_LENGTH} characters`,
  })
  @IsEmail({}, { message: 'email must be a valid email address' })
  // Look-alikes of other accounts (see isPlainEmail); the value is normalised by now.
  @ValidateBy(
    {
      name: 'isPlainEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isPlainEmail(value),
      },
    },
    {
      message:
        'email must be plain letters, digits and . _ - + before the @, and each part of the domain in one script',
    },
  )
  email!: string;

  @IsString({ message: 'password must be text' })
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  @MaxLength(MAX_PASSWORD_LENGTH, {
    message: `password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  })
  password!: string;

  @IsString({ message: 'confirm must be text' })
  @SameAs('password', {
    message: 'the two passwords must be the same',
  })
  confirm!: string;

  @IsOptional()
  @IsString({ message: 'next must be text' })
  @MaxLength(MAX_NEXT_LENGTH, {
    message: `next must be at most ${MAX_NEXT_LENGTH} characters`,
  })
  next?: string;
}
