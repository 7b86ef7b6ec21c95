/**
 * Names whose values are never shown or sent back: passwords and their
 * confirmations, tokens (CSRF included), secrets, hashes. For form fields
 * (a refused form keeps only the other values) and session keys alike.
 */
const SECRET_NAME = /password|confirm|secret|token|csrf|hash/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of `value` without secret keys, at any depth; the removed key paths are collected. */
export function withoutSecrets(
  value: unknown,
  hidden: string[] = [],
  path = '',
): unknown {
  if (Array.isArray(value))
    return value.map((item, index) =>
      withoutSecrets(item, hidden, `${path}[${index}]`),
    );
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (isSecretName(key)) hidden.push(keyPath);
      else copy[key] = withoutSecrets(item, hidden, keyPath);
    }
    return copy;
  }
  return value;
}
