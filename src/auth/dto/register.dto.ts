import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
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
