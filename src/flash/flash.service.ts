import { Injectable } from '@nestjs/common';
import type { SessionData } from 'express-session';
import {
  FLASH_CATEGORIES,
  type FlashCategory,
  type FlashMessage,
} from './flash.types.js';

export interface GetFlashedMessagesOptions {
  /** Return `{ category, message }` pairs instead of bare messages. */
  withCategories?: boolean;
  /** Return only messages of these categories. */
  categoryFilter?: readonly FlashCategory[];
}

type FlashSession = Partial<Pick<SessionData, 'flashes'>>;

/**
 * Flask's flash() and get_flashed_messages(): messages kept in the session until
 * the next page that shows them. Reading takes every pending message out of the
 * session, whatever the filter, as Flask does.
 */
@Injectable()
export class FlashService {
  flash(
    session: FlashSession,
    message: string,
    category: FlashCategory = 'message',
  ): void {
    if (!FLASH_CATEGORIES.includes(category)) {
      throw new Error(`Unknown flash category "${category}"`);
    }
    session.flashes = [...(session.flashes ?? []), { category, message }];
  }

  getFlashedMessages(
    session: FlashSession,
    options: GetFlashedMessagesOptions & { withCategories: true },
  ): FlashMessage[];
  getFlashedMessages(
    session: FlashSession,
    options?: GetFlashedMessagesOptions,
  ): string[];
  getFlashedMessages(
    session: FlashSession,
    { withCategories = false, categoryFilter }: GetFlashedMessagesOptions = {},
  ): FlashMessage[] | string[] {
    const pending = session.flashes ?? [];
    if (session.flashes !== undefined) delete session.flashes;
    const selected = categoryFilter
      ? pending.filter(({ category }) => categoryFilter.includes(category))
      : pending;
    return withCategories ? selected : selected.map(({ message }) => message);
  }

  /** Whether messages are waiting, without taking them. */
  hasPending(session: FlashSession): boolean {
    return (session.flashes?.length ?? 0) > 0;
  }
}
