import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'nest-sessions:public';

/**
 * Opens a handler, or every handler of a controller, to visitors who are not
 * logged in. Every other route is for logged-in users only: the
 * AuthenticatedGuard is global, so a new controller is protected until it is
 * marked public.
 */
export const Public = (): ClassDecorator & MethodDecorator =>
  SetMetadata(IS_PUBLIC_KEY, true);
