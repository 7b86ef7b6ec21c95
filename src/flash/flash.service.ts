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
 * At most this many messages wait in a session. Messages pile up when pages
 * are not loaded between requests (a script posting forms): past the cap the
 * oldest go, counted in one message that says how many.
 */
export const MAX_PENDING_FLASHES = 10;

/** A value in a message is cut to this many characters (an ellipsis marks the cut). */
export const MAX_FLASH_VALUE_LENGTH = 100;

/** The message that stands for the ones dropped past MAX_PENDING_FLASHES. */
export const DROPPED_FLASHES_MESSAGE =
  '%{count} older messages were not kept' satisfies MessageTemplate;

/** Values as a message keeps them: strings cut to MAX_FLASH_VALUE_LENGTH. */
function capValues(values: MessageValues): MessageValues {
  const capped: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values))
    capped[name] =
      typeof value === 'string' && value.length > MAX_FLASH_VALUE_LENGTH
        ? `${value.slice(0, MAX_FLASH_VALUE_LENGTH - 1)}…`
        : value;
  return capped;
}

/** The latest MAX_PENDING_FLASHES messages, after one that counts the older ones dropped. */
function capPending(pending: FlashMessage[]): FlashMessage[] {
  const summary =
    pending[0]?.message === DROPPED_FLASHES_MESSAGE ? pending[0] : undefined;
  const messages = summary ? pending.slice(1) : pending;
  if (messages.length <= MAX_PENDING_FLASHES) return pending;
  const dropped =
    Number(summary?.values?.count ?? 0) + messages.length - MAX_PENDING_FLASHES;
  return [
    {
      category: 'info',
      message: DROPPED_FLASHES_MESSAGE,
      values: { count: dropped },
    },
    ...messages.slice(-MAX_PENDING_FLASHES),
  ];
}

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
      ? { category, message, values: capValues(values) }
      : { category, message };
    session.flashes = capPending([...(session.flashes ?? []), flashed]);
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
