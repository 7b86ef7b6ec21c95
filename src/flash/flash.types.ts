import type { MessageValues } from '../i18n/messages.js';

/** The session key that holds pending messages. */
export const FLASHES_SESSION_KEY = 'flashes';

export const FLASH_CATEGORIES = [
  'message',
  'info',
  'success',
  'warning',
  'error',
] as const;
export type FlashCategory = (typeof FLASH_CATEGORIES)[number];

/**
 * A pending flash message as the session stores it: the English template
 * (src/i18n/messages.ts) and its values, translated when a page shows it.
 */
export interface FlashMessage {
  category: FlashCategory;
  message: string;
  values?: MessageValues;
}

declare module '@nest-sessions/session' {
  interface SessionData {
    /** Pending flash messages, shown once on the next rendered page. */
    flashes?: FlashMessage[];
  }
}
