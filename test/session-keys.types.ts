// Compiled by `npm run typecheck`, never run: the app's session keys are typed.
import '../src/auth/auth-session.types.js';
import type { RequestSession } from '@nest-sessions/session';

export function declaredKeysOnly(session: RequestSession): void {
  session.loggedin = true;
  // @ts-expect-error: a misspelt key is not one the app declares
  session.loggedn = true;
}
