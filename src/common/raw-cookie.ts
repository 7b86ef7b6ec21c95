/**
 * The raw value of the named cookie in a request's Cookie header, as the
 * browser sent it (not decoded); undefined when absent. For code that runs
 * before cookie-parser, or needs the value untouched.
 */
export function rawCookie(
  header: string | undefined,
  name: string,
): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return part.slice(eq + 1).trim();
  }
  return undefined;
}
