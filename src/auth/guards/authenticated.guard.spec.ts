import { HttpStatus, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RedirectException } from '../../common/http/redirect.exception.js';
import type { UrlForService } from '../../common/routing/url-for.service.js';
import { Public } from '../decorators/public.decorator.js';
import { AuthenticatedGuard } from './authenticated.guard.js';

@Public()
class OpenController {
  page(): void {}
}

class ClosedController {
  page(): void {}

  @Public()
  openPage(): void {}
}

/** An ExecutionContext for an HTTP request to `controller[handler]`. */
function contextFor(
  controller: new () => object,
  handler: string,
  req: object,
): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () =>
      (controller.prototype as Record<string, unknown>)[handler],
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

const LOGGED_IN = {
  session: {
    loggedin: true,
    user: { id: '1', email: 'a@b.c', loggedInAt: '' },
  },
  originalUrl: '/secret',
};

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('AuthenticatedGuard', () => {
  const urls = {
    urlFor: (name: string, values: Record<string, string>) =>
      `/${name}?next=${encodeURIComponent(values.next)}`,
  } as unknown as UrlForService;
  const guard = new AuthenticatedGuard(new Reflector(), urls);

  it('lets a logged-in session through a route not marked public', () => {
    expect(
      guard.canActivate(contextFor(ClosedController, 'page', LOGGED_IN)),
    ).toBe(true);
  });

  it.each([
    ['a controller marked @Public()', OpenController, 'page'],
    ['a handler marked @Public()', ClosedController, 'openPage'],
  ])('lets anyone through %s', (_case, controller, handler) => {
    expect(guard.canActivate(contextFor(controller, handler, {}))).toBe(true);
    expect(
      guard.canActivate(contextFor(controller, handler, { session: {} })),
    ).toBe(true);
  });

  it.each([
    ['no session', {}],
    ['an anonymous session', { session: {} }],
    ['loggedin false (logout with keep=1)', { session: { loggedin: false } }],
    ['loggedin without a user', { session: { loggedin: true } }],
  ])('sends %s to the login form with next, 401 for JSON', (_name, extra) => {
    const req = { ...extra, originalUrl: '/userinfo?tab=1' };
    const thrown = thrownBy(() =>
      guard.canActivate(contextFor(ClosedController, 'page', req)),
    );
    expect(thrown).toBeInstanceOf(RedirectException);
    const redirect = thrown as RedirectException;
    expect(redirect.location).toBe('/login?next=%2Fuserinfo%3Ftab%3D1');
    expect(redirect.jsonStatus).toBe(HttpStatus.UNAUTHORIZED);
    expect(redirect.template).toBe('Please log in to see this page');
  });
});
