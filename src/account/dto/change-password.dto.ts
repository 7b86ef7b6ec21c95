import { IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../../auth/dto/login.dto.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/dto/register.dto.js';
import { SameAs } from '../../auth/dto/same-as.decorator.js';

export class ChangePasswordDto {
  @IsString({ message: 'current password must be text' })
  @IsNotEmpty({ message: 'current password is required' })
  @MaxLength(MAX_PASSWORD_LENGTH, {
    message: `current password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  })
  currentPassword!: string;

  @IsString({ message: 'new password must be text' })
  @MinLength(MIN_PASSWORD_LENGTH, {
    message: `new password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  @MaxLength(MAX_PASSWORD_LENGTH, {
    message: `new password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  })
  newPassword!: string;

  @IsString({ message: 'confirmation must be text' })
  @SameAs('newPassword', { message: 'the two new passwords must be the same' })
  confirmPassword!: string;
}
