import { ForbiddenException } from '@nestjs/common';

/**
 * The framework's cross-origin check (`app.enableCsrfProtection()`) refuses a
 * request with a ForbiddenException whose message starts so, naming which
 * header gave it away; both of its messages do.
 */
const FRAMEWORK_REFUSAL = /^Cross-origin request detected/;

/** The framework's reason when `exception` is its cross-origin refusal. */
export function crossOriginRefusalReason(
  exception: unknown,
): string | undefined {
  return exception instanceof ForbiddenException &&
    FRAMEWORK_REFUSAL.test(exception.message)
    ? exception.message
    : undefined;
}
