import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '../auth-session.types.js';

/** The logged-in user of a request, or undefined. */
export function currentUserOf(req: Request): SessionUser | undefined {
  return req.session?.loggedin === true ? req.session.user : undefined;
}

/**
 * The logged-in user, as the session remembers it, for handlers of routes the
 * AuthenticatedGuard protects (every route not marked @Public()). On a public
 * route there may be no user: that is a mistake in the code, not the
 * visitor's, so it fails loudly instead of handing the handler `undefined`.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SessionUser => {
    const user = currentUserOf(context.switchToHttp().getRequest<Request>());
    if (!user)
      throw new Error(
        '@CurrentUser() on a route without a logged-in user: is it marked @Public()?',
      );
    return user;
  },
);
