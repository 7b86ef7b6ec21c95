/**
 * Messages (flash, validation, errors) are keyed by their English template
 * (src/i18n/messages.ts), so English needs an entry only for the plural forms
 * of templates with a `%{count}`.
 */
export const enMessages: Record<string, string> = {
  'An account keeps at most %{max} sessions: your %{count} least recently used ended_one':
    'An account keeps at most %{max} sessions: %{count} session, your least recently used, ended',
  'An account keeps at most %{max} sessions: your %{count} least recently used ended_other':
    'An account keeps at most %{max} sessions: your %{count} least recently used ended',
  'Ended %{count} other sessions_one': 'Ended %{count} other session',
  'Ended %{count} other sessions_other': 'Ended %{count} other sessions',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds)._one':
    'Too many failed login attempts. Try again after %{time} (in %{count} second).',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds)._other':
    'Too many failed login attempts. Try again after %{time} (in %{count} seconds).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes)._one':
    'Too many failed login attempts. Try again after %{time} (in about %{count} minute).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes)._other':
    'Too many failed login attempts. Try again after %{time} (in about %{count} minutes).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds)._one':
    'Too many registrations from your address. Try again after %{time} (in %{count} second).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds)._other':
    'Too many registrations from your address. Try again after %{time} (in %{count} seconds).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes)._one':
    'Too many registrations from your address. Try again after %{time} (in about %{count} minute).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes)._other':
    'Too many registrations from your address. Try again after %{time} (in about %{count} minutes).',
  'Too many new sessions from your address. Try again in %{count} seconds._one':
    'Too many new sessions from your address. Try again in %{count} second.',
  'Too many new sessions from your address. Try again in %{count} seconds._other':
    'Too many new sessions from your address. Try again in %{count} seconds.',
  '%{count} older messages were not kept_one':
    '%{count} older message was not kept',
  '%{count} older messages were not kept_other':
    '%{count} older messages were not kept',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)_one':
    'Removed session["%{key}"] (it began "%{value}…", %{count} character)',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)_other':
    'Removed session["%{key}"] (it began "%{value}…", %{count} characters)',
};
