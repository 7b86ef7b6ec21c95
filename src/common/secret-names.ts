/**
 * Names whose values are never shown or sent back: passwords and their
 * confirmations, tokens (CSRF included), secrets, hashes. For form fields
 * (a refused form keeps only the other values) and session keys alike.
 */
const SECRET_NAME = /password|confirm|secret|token|csrf|hash/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
