import { Injectable } from '@nestjs/common';
import type { SessionData } from 'express-session';
import { englishOf } from '../i18n/i18n.service.js';
import type { MessageTemplate, MessageValues } from '../i18n/messages.js';
import {
  FLASH_CATEGORIES,
  type FlashCategory,
  type FlashMessage,
} from './flash.types.js';

export interface GetFlashedMessagesOptions {
  /** Return the stored `{ category, message, values }` instead of bare English texts. */
  withCategories?: boolean;
  /** Return only messages of these categories. */
  categoryFilter?: readonly FlashCategory[];
}

type FlashSession = Partial<Pick<SessionData, 'flashes'>>;

/**
 * Flask's flash() and get_flashed_messages(): messages kept in the session until
 * the next page that shows them. Reading takes every pending message out of the
 * session, whatever the filter, as Flask does.
 *
 * A message is an English template of src/i18n/messages.ts; what varies (a
 * key, a count) goes in `values`, never into the text, so the page can
 * translate the template and then put the values in, escaped like any text.
 */
@Injectable()
export class FlashService {
  flash(
    session: FlashSession,
    message: MessageTemplate,
    category: FlashCategory = 'message',
    values?: MessageValues,
  ): void {
    if (!FLASH_CATEGORIES.includes(category)) {
      throw new Error(`Unknown flash category "${category}"`);
    }
    const flashed: FlashMessage = values
      ? { category, message, values: { ...values } }
      : { category, message };
    session.flashes = [...(session.flashes ?? []), flashed];
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
    return withCategories
      ? selected
      : selected.map(({ message, values }) =>
          englishOf({ text: message, values }),
        );
  }

  /** Whether messages are waiting, without taking them. */
  hasPending(session: FlashSession): boolean {
    return (session.flashes?.length ?? 0) > 0;
  }
}
