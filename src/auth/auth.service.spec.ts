import type { FlashService } from '../flash/flash.service.js';
import type { SessionService } from '../session/session.service.js';
import type { PasswordService } from '../users/password.service.js';
import type { UserDocument } from '../users/schemas/user.schema.js';
import type { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import type { LoginThrottleService } from './login-throttle.service.js';

const DEMO_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

/** AuthService with fakes that record which password check ran. */
function authWith(user: Partial<UserDocument> | null) {
  const checks: string[] = [];
  const passwords = {
    verify: (hash: string, password: string) => {
      checks.push(`verify ${hash} ${password}`);
      return Promise.resolve(password === 'right');
    },
    verifyDummy: (password: string) => {
      checks.push(`verifyDummy ${password}`);
      return Promise.resolve(false as const);
    },
  } as unknown as PasswordService;
  const users = {
    findForLogin: () => Promise.resolve(user),
  } as unknown as UsersService;
  const throttle = {
    begin: () => Promise.resolve({ allowed: true, ticket: 't' }),
    succeeded: () => Promise.resolve(),
  } as unknown as LoginThrottleService;
  const auth = new AuthService(
    users,
    passwords,
    throttle,
    {} as SessionService,
    {} as FlashService,
  );
  return { auth, checks };
}

describe('AuthService.authenticate', () => {
  it('verifies an unknown email against the dummy hash, so it costs what a wrong password costs', async () => {
    const { auth, checks } = authWith(null);
    await expect(
      auth.authenticate('nobody@example.com', 'guess', '127.0.0.1'),
    ).resolves.toEqual({ status: 'invalid' });
    expect(checks).toEqual(['verifyDummy guess']);
  });

  it('verifies a known email against its own hash only', async () => {
    const user = { id: 'u1', passwordHash: DEMO_HASH };
    const wrong = authWith(user);
    await expect(
      wrong.auth.authenticate('admin@nomades.ch', 'guess', '127.0.0.1'),
    ).resolves.toEqual({ status: 'invalid' });
    expect(wrong.checks).toEqual([`verify ${DEMO_HASH} guess`]);

    const right = authWith(user);
    await expect(
      right.auth.authenticate('admin@nomades.ch', 'right', '127.0.0.1'),
    ).resolves.toEqual({ status: 'ok', user });
    expect(right.checks).toEqual([`verify ${DEMO_HASH} right`]);
  });
});
