import {
  IsNotIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  APP_SESSION_KEYS,
  SESSION_OBJECT_KEYS,
} from '../../common/session-keys.js';

export const SESSION_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const MAX_VALUE_LENGTH = 1000;
export const MAX_STORED_KEYS = 50;

const RESERVED_KEYS = [...APP_SESSION_KEYS, ...SESSION_OBJECT_KEYS];

// `%{value}` (not class-validator's `$value`) is put in after the message is
// translated, so the catalogues hold one entry for every refused key.

export class SetSessionValueDto {
  @IsString({ message: 'key must be text' })
  @Matches(SESSION_KEY_PATTERN, {
    message:
      'key must start with a letter and hold only letters, digits and underscores (64 characters at most)',
  })
  @IsNotIn(RESERVED_KEYS, {
    message: 'key "%{value}" is reserved for the app itself',
  })
  key!: string;

  @IsString({ message: 'value must be text' })
  @MaxLength(MAX_VALUE_LENGTH, {
    message: `value must be at most ${MAX_VALUE_LENGTH} characters`,
  })
  value!: string;
}

export class PopSessionKeyDto {
  @IsString({ message: 'key must be text' })
  @Matches(SESSION_KEY_PATTERN, {
    message:
      'key must start with a letter and hold only letters, digits and underscores (64 characters at most)',
  })
  @IsNotIn(RESERVED_KEYS, {
    message: 'key "%{value}" is reserved for the app itself',
  })
  key!: string;
}

/** The read form, `session.get(key, default)`: the query of GET /session/get. */
export class ReadSessionValueDto {
  @IsString({ message: 'key must be text' })
  @Matches(SESSION_KEY_PATTERN, {
    message:
      'key must start with a letter and hold only letters, digits and underscores (64 characters at most)',
  })
  key!: string;

  @IsOptional()
  @IsString({ message: 'the default must be text' })
  @MaxLength(MAX_VALUE_LENGTH, {
    message: `the default must be at most ${MAX_VALUE_LENGTH} characters`,
  })
  default?: string;
}
