/**
 * The one form of an email address that the app stores, looks accounts up by
 * and counts failed logins by; forms normalise with it too (LoginDto,
 * RegisterDto), so their length checks see what is stored.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
