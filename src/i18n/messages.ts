/** Values put into a message after its translation; they may come from the visitor. */
export type MessageValues = Readonly<Record<string, string | number>>;

/**
 * A text for a visitor, kept in English until a page shows it. `text` is an
 * English template and the key of the `messages` catalogue; `%{name}` marks
 * where a value goes. Values are put in after translation, so
 * `Stored session["%{key}"]` needs one French entry whatever the key. A
 * template with `%{count}` has plural forms in the catalogues (`…_one`,
 * `…_other`), chosen by the `count` value.
 */
export interface Message {
  text: string;
  values?: MessageValues;
}

/**
 * Every message the code flashes, raises or shows on an error page, as its
 * English template. `flash()`, `RedirectException`, `message()` and the error
 * texts take a `MessageTemplate`, so a text outside this list does not compile,
 * and src/i18n/messages.spec.ts fails when one of these (or a DTO's validation
 * message) has no French entry.
 */
export const MESSAGE_TEMPLATES = [
  // Flash messages
  'Counter reset',
  'Stored session["%{key}"]',
  'Removed session["%{key}"] (it was "%{value}")',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)',
  '%{count} older messages were not kept',
  'There was no key "%{key}" in the session',
  'The session was cleared',
  'You are logged in',
  'Confirm your password to continue: this action needs a recent password check.',
  'The password is wrong, so nothing was done. Try again.',
  'An account keeps at most %{max} sessions: your %{count} least recently used ended',
  'You are logged out',
  'Registration done: log in with this email and your password. If the address already had an account, its password has not changed.',
  'The current password was wrong too many times, so you were logged out.',
  'Your session has expired',
  'Please log in to see this page',
  'This message waited in your session',
  'Ended %{count} other sessions',
  'The session was ended',
  'Your password was changed; your other sessions were ended',
  // The course pages: flash() categories, the timeout demo
  'Message %{position} of %{total}, flashed with the category "%{category}"',
  'Your session now ends after %{seconds} seconds without a request',
  'The idle timeout is %{seconds} seconds or shorter: stay idle that long and your session ends by itself',
  'Your session is now permanent: its cookie is kept when the browser closes',
  'Your session is no longer permanent: its cookie ends when the browser closes',
  'Give a route name (at most %{name} characters) and values (at most %{values} characters)',
  'Write each value as name=value, separated by commas: "%{part}" is not one',
  // Durations (the session page)
  '%{days} d %{hours} h',
  '%{days} d',
  '%{hours} h %{minutes} min',
  '%{hours} h',
  '%{minutes} min',
  '%{seconds} s',
  // Refused forms
  'Invalid email or password',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes).',
  'the current password is wrong',
  'the new password must be different from the current one',
  'password is too easy to guess (a common password, a word, a name or a pattern); a few unrelated words make a strong one',
  'password must not be made from your email address',
  'key "%{value}" is reserved for the app itself',
  'a session holds at most %{max} keys; pop one before adding "%{key}"',
  'property %{property} should not exist',
  // Error pages: titles
  'Bad request',
  'Not logged in',
  'Forbidden',
  'Page not found',
  'Already exists',
  'Too large',
  'Unsupported content type',
  'Too many attempts',
  'Something went wrong',
  'Temporarily unavailable',
  // Error pages: texts
  'There is no page at %{path}',
  'No such session',
  'Too many new sessions from your address. Try again in %{count} seconds.',
  'This form has expired or did not come from this site, so nothing was changed. Reload the page and try again.',
  'Your session could not be saved, so nothing was changed. Please try again in a moment.',
  'Your session would grow too large, so this change was not kept. Remove some of its keys, then try again.',
  'The service is temporarily unavailable. Please try again in a moment.',
  'Something went wrong on our side. Please try again.',
  'Something went wrong on our side: %{error} (details in the server log)',
  'Unsupported content type "%{type}": send %{accepted}.',
  'The JSON body is nested more than %{max} levels deep.',
  'The request body uses a reserved field name (__proto__, constructor or prototype).',
  'The request body is too large.',
  'The form has too many fields.',
  'The request body is not valid JSON.',
  'The request body has an unsupported encoding.',
  'The request body has an unsupported charset.',
  'The request was aborted.',
  'Bad request.',
] as const;

export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** A message of the app with the values it names. */
export function message(
  text: MessageTemplate,
  values?: MessageValues,
): Message {
  return values ? { text, values } : { text };
}

/** A template and its values as a Message; a bare string is a message without values. */
export function toMessage(text: string | Message): Message {
  return typeof text === 'string' ? { text } : text;
}

/** The `%{name}` placeholders of a template, sorted. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/%\{\s*([^},\s]+)[^}]*\}/g)]
    .map((match) => match[1])
    .sort();
}

/** Templates with a `%{count}` take plural forms. */
export function isPlural(text: string): boolean {
  return placeholdersOf(text).includes('count');
}

/**
 * A message as a view holds it: a template with its values (a stored flash),
 * or a Message (a form's errors). Stored sessions are data that can be edited
 * in the database, so anything else is dropped rather than trusted: values
 * other than strings and numbers, and a text that is not a string.
 */
export function messageFrom(
  text: unknown,
  values?: unknown,
): Message | undefined {
  if (typeof text === 'string') return { text, values: valuesFrom(values) };
  if (text && typeof text === 'object') {
    const { text: inner, values: innerValues } = text as Partial<Message>;
    if (typeof inner === 'string')
      return { text: inner, values: valuesFrom(innerValues) };
  }
  return undefined;
}

function valuesFrom(values: unknown): MessageValues {
  const kept: Record<string, string | number> = {};
  if (values && typeof values === 'object' && !Array.isArray(values)) {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'string' || typeof value === 'number')
        kept[name] = value;
    }
  }
  return kept;
}

/** A moment as the pages show it: "2026-12-01 14:05:00 UTC". */
export function utcTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/**
 * When a refused visitor may try again: the time, and the seconds left under
 * a minute, else about so many minutes (each its own template, for plurals).
 */
export function retryMessage(
  retryAt: Date,
  seconds: number,
  templates: { seconds: MessageTemplate; minutes: MessageTemplate },
): Message {
  const time = utcTime(retryAt);
  return seconds < 60
    ? message(templates.seconds, { time, count: seconds })
    : message(templates.minutes, { time, count: Math.ceil(seconds / 60) });
}
