import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import type { FlashCategory } from '../../flash/flash.types.js';

/** The categories the flash() page offers, as the layout styles them. */
export const FLASH_DEMO_CATEGORIES = [
  'success',
  'info',
  'warning',
  'error',
] as const satisfies readonly FlashCategory[];

/** A row of the form left empty. */
export const NO_MESSAGE = 'none';

/** How many messages the form sends at once. */
export const FLASH_DEMO_ROWS = 4;

export class FlashDemoDto {
  /** One category per message, in the order they are to be flashed (absent: the single message of the simple button). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [value] : value,
  )
  @IsArray({ message: 'category must be a list of categories' })
  @ArrayMaxSize(FLASH_DEMO_ROWS, {
    message: `at most ${FLASH_DEMO_ROWS} messages at once`,
  })
  @IsIn([...FLASH_DEMO_CATEGORIES, NO_MESSAGE], {
    each: true,
    message: 'each category must be success, info, warning, error or none',
  })
  category?: string[];
}
