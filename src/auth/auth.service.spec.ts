import mongoose from 'mongoose';
import type { FlashService } from '../flash/flash.service.js';
import type { SessionService } from '@nest-sessions/session';
import { PasswordPolicy } from '../users/password-policy.js';
import type { PasswordService } from '../users/password.service.js';
import { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import type { Request } from 'express';
import type { LoginDevices } from './login-devices.js';
import type { LoginThrottleService } from './login-throttle.service.js';

const DEMO_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';
const CLIENT = { ip: '127.0.0.1', cookies: {} } as Request;

/** The stored account, as the fake model answers it: its fields, `_id` as a string. */
type StoredUser = { _id?: string; email?: string; passwordHash?: string };

/** AuthService with fakes that record which password work ran. */
function authWith(user: StoredUser | null) {
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
    hash: (password: string) => {
      checks.push(`hash ${password}`);
      return Promise.resolve('hashed');
    },
  } as unknown as PasswordService;
  // The real registration path of UsersService, over a fake model whose
  // unique index refuses the taken address.
  const model = {
    findOne: () => ({
      select: () => ({
        setOptions: () => ({
          lean: () => ({ exec: () => Promise.resolve(user) }),
        }),
      }),
    }),
    create: (doc: { email: string }) => {
      checks.push(`insert ${doc.email}`);
      if (user && doc.email === user.email)
        return Promise.reject(
          new mongoose.mongo.MongoServerError({
            message: 'E11000 duplicate key error',
            code: 11000,
          }),
        );
      return Promise.resolve({ id: 'new', ...doc });
    },
  };
  const users = new UsersService(model as never, passwords, {
    seedDemoUser: false,
    isProduction: false,
  } as never);
  const throttle = {
    recordAttempt: () =>
      Promise.resolve({ allowed: true, ticket: 't', remaining: 4 }),
  } as unknown as LoginThrottleService;
  const devices = {
    recognise: () => undefined,
  } as unknown as LoginDevices;
  const auth = new AuthService(
    users,
    passwords,
    new PasswordPolicy(),
    throttle,
    devices,
    {} as SessionService,
    {} as FlashService,
    () => Date.now(),
    { perAccount: 50 } as never,
  );
  return { auth, checks };
}

describe('AuthService.authenticate', () => {
  it('verifies an unknown email against the dummy hash, so it costs what a wrong password costs', async () => {
    const { auth, checks } = authWith(null);
    await expect(
      auth.authenticate('nobody@example.com', 'guess', CLIENT),
    ).resolves.toEqual({ status: 'invalid' });
    expect(checks).toEqual(['verifyDummy guess']);
  });

  it('verifies a known email against its own hash only', async () => {
    const user = {
      _id: 'u1',
      email: 'admin@nomades.ch',
      passwordHash: DEMO_HASH,
    };
    const wrong = authWith(user);
    await expect(
      wrong.auth.authenticate('admin@nomades.ch', 'guess', CLIENT),
    ).resolves.toEqual({ status: 'invalid' });
    expect(wrong.checks).toEqual([`verify ${DEMO_HASH} guess`]);

    const right = authWith(user);
    await expect(
      right.auth.authenticate('admin@nomades.ch', 'right', CLIENT),
    ).resolves.toEqual({
      status: 'ok',
      user: { id: 'u1', email: 'admin@nomades.ch', passwordHash: DEMO_HASH },
      ticket: 't',
    });
    expect(right.checks).toEqual([`verify ${DEMO_HASH} right`]);
  });
});

describe('AuthService.register', () => {
  const password = 'plenty of unrelated words here';

  it('does the same work for a taken email as for a new one: one hash, then one insert', async () => {
    const taken = authWith({ email: 'taken@example.com' });
    await expect(
      taken.auth.register('taken@example.com', password),
    ).resolves.toBeNull();
    const fresh = authWith({ email: 'taken@example.com' });
    await expect(
      fresh.auth.register('new@example.com', password),
    ).resolves.toMatchObject({ email: 'new@example.com' });
    expect(taken.checks).toEqual([
      `hash ${password}`,
      'insert taken@example.com',
    ]);
    expect(fresh.checks).toEqual([
      `hash ${password}`,
      'insert new@example.com',
    ]);
  });
});
