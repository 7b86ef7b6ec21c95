import { message, type Message } from '../i18n/messages.js';

/**
 * A duration as a person reads it: "2 h 5 min", "45 s", as a message the
 * page translates ("1 j 3 h" in French), the figures kept apart.
 */
export function describeDuration(ms: number): Message {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0)
    return hours > 0
      ? message('%{days} d %{hours} h', { days, hours })
      : message('%{days} d', { days });
  if (hours > 0)
    return minutes > 0
      ? message('%{hours} h %{minutes} min', { hours, minutes })
      : message('%{hours} h', { hours });
  if (minutes > 0) return message('%{minutes} min', { minutes });
  return message('%{seconds} s', { seconds });
}
