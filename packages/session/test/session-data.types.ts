// Compiled by `npm run typecheck`, never run: session keys are typed.
import type { RequestSession } from '../src/index.js';

declare module '../src/session-data.js' {
  interface SessionData {
    count?: number;
  }
}

export function declaredKeysOnly(session: RequestSession): void {
  session.count = 1;
  // @ts-expect-error: a misspelt key is not a declared key
  session.cuont = 1;
  // @ts-expect-error: a declared key keeps its type
  session.count = 'one';
}
