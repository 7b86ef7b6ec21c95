import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { ExecutionContext } from '@nestjs/common';
import { CurrentUser } from './current-user.decorator.js';

/** The function Nest calls to resolve a @CurrentUser() parameter. */
function resolverOf(): (data: unknown, context: ExecutionContext) => unknown {
  class Handlers {
    page(@CurrentUser() _user: unknown): void {}
  }
  const args = Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    Handlers,
    'page',
  ) as Record<
    string,
    { factory: (data: unknown, ctx: ExecutionContext) => unknown }
  >;
  return Object.values(args)[0].factory;
}

const contextFor = (req: object): ExecutionContext =>
  ({
    switchToHttp: () => ({ getRequest: () => req }),
  }) as unknown as ExecutionContext;

describe('@CurrentUser()', () => {
  const resolve = resolverOf();
  const user = { id: '1', email: 'a@b.c', loggedInAt: '2026-01-01T00:00:00Z' };

  it('gives the handler the logged-in user from the session', () => {
    expect(
      resolve(undefined, contextFor({ session: { loggedin: true, user } })),
    ).toBe(user);
  });

  it.each([
    ['no session', {}],
    [
      'a user kept after logout with keep=1',
      { session: { loggedin: false, user } },
    ],
  ])('fails loudly with %s (a public route using it)', (_case, req) => {
    expect(() => resolve(undefined, contextFor(req))).toThrow(
      /@CurrentUser\(\) on a route without a logged-in user/,
    );
  });
});
