export const FLASH_CATEGORIES = [
  'message',
  'info',
  'success',
  'warning',
  'error',
] as const;
export type FlashCategory = (typeof FLASH_CATEGORIES)[number];

export interface FlashMessage {
  category: FlashCategory;
  message: string;
}
