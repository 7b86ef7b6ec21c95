import { Injectable } from '@nestjs/common';
import { FormException } from '../common/http/form-errors.js';
import { message } from '../i18n/messages.js';
import { MAX_STORED_KEYS } from './dto/session-key.dto.js';
import type { RequestSession } from '@nest-sessions/session';
import {
  APP_SESSION_KEYS,
  isReservedSessionKey,
} from '../common/session-keys.js';

export type PopResult = { found: true; value: unknown } | { found: false };

/**
 * Keys the app keeps that the page shows, read-only, and why the forms
 * cannot change them. The others (`cookie`, `flashes`, CSRF material) are
 * the session's machinery: the stored-session panel shows what it may.
 */
export const READ_ONLY_KEYS = {
  loggedin: 'login',
  user: 'login',
  lang: 'language',
} as const;

export type ReadOnlyKey = keyof typeof READ_ONLY_KEYS;

export function isReadOnlyKey(key: string): key is ReadOnlyKey {
  return Object.hasOwn(READ_ONLY_KEYS, key);
}

/** What `session.get(key, default)` answered: the stored value, or the default; never a key of the session's machinery. */
export type ReadResult =
  { found: boolean; value: unknown } | { reserved: true };

/** The course's "session as a dictionary": set, get, pop and clear on the visitor's own keys. */
@Injectable()
export class SessionDataService {
  /** The visitor's keys, without the app's internal ones. */
  keys(session: RequestSession): string[] {
    return Object.keys(session).filter((key) => !APP_SESSION_KEYS.has(key));
  }

  /** `session[key] = value`; refuses a 51st key, leaving the stored ones as they were. */
  set(session: RequestSession, key: string, value: string): void {
    // The DTO refuses these already; checked again because a write here would break the session object.
    if (isReservedSessionKey(key)) {
      throw new FormException({
        key: [
          message('key "%{value}" is reserved for the app itself', {
            value: key,
          }),
        ],
      });
    }
    const keys = this.keys(session);
    if (!keys.includes(key) && keys.length >= MAX_STORED_KEYS) {
      throw new FormException({
        key: [
          message(
            'a session holds at most %{max} keys; pop one before adding "%{key}"',
            { max: MAX_STORED_KEYS, key },
          ),
        ],
      });
    }
    dictionary(session)[key] = value;
  }

  get(session: RequestSession, key: string): unknown {
    return isReservedSessionKey(key) ? undefined : dictionary(session)[key];
  }

  /**
   * `session.get(key, default)`: a visitor key, or one the app keeps that
   * may be shown (loggedin, user, lang); the default when it is not there.
   */
  read(session: RequestSession, key: string, fallback: string): ReadResult {
    if (isReservedSessionKey(key) && !isReadOnlyKey(key))
      return { reserved: true };
    const value = dictionary(session)[key];
    if (Object.hasOwn(session, key) && value !== undefined)
      return { found: true, value };
    return { found: false, value: fallback };
  }

  /** The app's keys the session holds that the page shows read-only, in a fixed order. */
  readOnlyKeys(
    session: RequestSession,
  ): { key: ReadOnlyKey; value: unknown; setBy: string }[] {
    return (Object.keys(READ_ONLY_KEYS) as ReadOnlyKey[])
      .filter((key) => dictionary(session)[key] !== undefined)
      .map((key) => ({
        key,
        value: dictionary(session)[key],
        setBy: READ_ONLY_KEYS[key],
      }));
  }

  /** `session.pop(key, None)`: the removed value, or that there was none. */
  pop(session: RequestSession, key: string): PopResult {
    if (isReservedSessionKey(key) || !Object.hasOwn(session, key))
      return { found: false };
    const value = dictionary(session)[key];
    delete dictionary(session)[key];
    return { found: true, value };
  }

  /** `session.clear()`: every key goes, the login included; only the cookie stays. */
  clear(session: RequestSession): void {
    for (const key of Object.keys(session)) {
      if (key !== 'cookie') delete dictionary(session)[key];
    }
  }
}

/**
 * The session as the course's dictionary: keys the visitor chooses, which
 * no declaration can list. Seen untyped here, and only here: everywhere else
 * the session holds only the keys the app declares (SessionData).
 */
function dictionary(session: RequestSession): Record<string, unknown> {
  return session as unknown as Record<string, unknown>;
}
