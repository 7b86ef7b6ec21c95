import { HttpStatus, type ExecutionContext } from '@nestjs/common';
import { RedirectException } from '../../common/http/redirect.exception.js';
import type { UrlForService } from '../../common/routing/url-for.service.js';
import { AuthenticatedGuard } from './authenticated.guard.js';

function contextFor(req: object): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('AuthenticatedGuard', () => {
  const urls = {
    urlFor: (name: string, values: Record<string, string>) =>
      `/${name}?next=${encodeURIComponent(values.next)}`,
  } as unknown as UrlForService;
  const guard = new AuthenticatedGuard(urls);

  it('lets a logged-in session through', () => {
    const req = {
      session: {
        loggedin: true,
        user: { id: '1', email: 'a@b.c', loggedInAt: '' },
      },
      originalUrl: '/secret',
    };
    expect(guard.canActivate(contextFor(req))).toBe(true);
  });

  it.each([
    ['no session', {}],
    ['an anonymous session', { session: {} }],
    ['loggedin false (logout with keep=1)', { session: { loggedin: false } }],
    ['loggedin without a user', { session: { loggedin: true } }],
  ])('sends %s to the login form with next, 401 for JSON', (_name, extra) => {
    const req = { ...extra, originalUrl: '/userinfo?tab=1' };
    let thrown: unknown;
    try {
      guard.canActivate(contextFor(req));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RedirectException);
    const redirect = thrown as RedirectException;
    expect(redirect.location).toBe('/login?next=%2Fuserinfo%3Ftab%3D1');
    expect(redirect.getStatus()).toBe(HttpStatus.UNAUTHORIZED);
    expect(redirect.message).toBe('Please log in to see this page');
  });
});
