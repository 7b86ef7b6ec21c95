import { applyDecorators } from '@nestjs/common';
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

/** A key as the dictionary's forms name it. */
const IsSessionKey = () =>
  applyDecorators(
    IsString({ message: 'key must be text' }),
    Matches(SESSION_KEY_PATTERN, {
      message:
        'key must start with a letter and hold only letters, digits and underscores (64 characters at most)',
    }),
  );

/** A key the visitor may change: not one the app keeps for itself. */
const IsVisitorKey = () =>
  applyDecorators(
    IsSessionKey(),
    IsNotIn(RESERVED_KEYS, {
      message: 'key "%{value}" is reserved for the app itself',
    }),
  );

/** The set form, `session[key] = value`. */
export class SetSessionValueDto {
  @IsVisitorKey()
  key!: string;

  @IsString({ message: 'value must be text' })
  @MaxLength(MAX_VALUE_LENGTH, {
    message: `value must be at most ${MAX_VALUE_LENGTH} characters`,
  })
  value!: string;
}

/** The pop form, `session.pop(key)`. */
export class PopSessionKeyDto {
  @IsVisitorKey()
  key!: string;
}

/** The read form, `session.get(key, default)`: the query of GET /session/get. */
export class ReadSessionValueDto {
  @IsSessionKey()
  key!: string;

  @IsOptional()
  @IsString({ message: 'the default must be text' })
  @MaxLength(MAX_VALUE_LENGTH, {
    message: `the default must be at most ${MAX_VALUE_LENGTH} characters`,
  })
  default?: string;
}
