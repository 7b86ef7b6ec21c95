const BASE = 'http://local.invalid';

/**
 * `next` as a path on this site, or undefined. Only a path that starts with
 * exactly one `/` qualifies: `//host` and `/\host` are read by browsers as
 * another host, and control characters are refused because browsers drop tabs
 * and newlines from URLs (`/\t/host` becomes `//host`).
 */
export function localPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000)
    return undefined;
  if (!next.startsWith('/') || next[1] === '/' || next[1] === '\\')
    return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return undefined;
  }
  return url.origin === BASE ? next : undefined;
}
