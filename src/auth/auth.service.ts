import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FormException } from '../common/http/form-errors.js';
import { FlashService } from '../flash/flash.service.js';
import { FLASHES_SESSION_KEY } from '../flash/flash.types.js';
import { LOGIN_SESSION_KEYS } from './auth-session.types.js';
import { SessionService } from '../session/session.service.js';
import { PasswordService } from '../users/password.service.js';
import type { UserDocument } from '../users/schemas/user.schema.js';
import { EmailTakenError, UsersService } from '../users/users.service.js';
import { LoginThrottleService } from './login-throttle.service.js';

export type LoginOutcome =
  | { status: 'ok'; user: UserDocument }
  | { status: 'invalid' }
  | { status: 'throttled'; retryAt: Date; retryAfterSeconds: number };

/** Login, registration and logout, and what each does to the session. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
  ) {}

  /**
   * Checks a login attempt. An unknown email and a wrong password take the
   * same path and the same hashing time, so neither the answer nor its delay
   * tells whether an account exists.
   */
  async authenticate(
    email: string,
    password: string,
    ip: string,
  ): Promise<LoginOutcome> {
    const decision = await this.throttle.begin(email, ip);
    if (!decision.allowed)
      return {
        status: 'throttled',
        retryAt: decision.retryAt,
        retryAfterSeconds: decision.retryAfterSeconds,
      };
    const user = await this.users.findForLogin(email);
    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyDummy(password);
    if (!user || !valid) return { status: 'invalid' };
    await this.throttle.succeeded(decision.ticket);
    return { status: 'ok', user };
  }

  /** Creates an account; a taken email is a form error (409), never a duplicate-key 500. */
  async register(email: string, password: string): Promise<UserDocument> {
    try {
      return await this.users.create(email, password);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      throw new FormException(
        {
          email: ['an account with this email already exists; log in instead'],
        },
        409,
      );
    }
  }

  /**
   * Logs the user in: a new session ID (the pre-login one is deleted, against
   * fixation) that keeps the visitor's own keys, then the login keys.
   */
  async logIn(
    req: Request,
    user: UserDocument,
    { remember }: { remember: boolean },
  ): Promise<void> {
    const now = new Date();
    this.sessions.regenerate(req, { carry: 'all', except: LOGIN_SESSION_KEYS });
    req.session.loggedin = true;
    req.session.user = {
      id: user.id,
      email: user.email,
      loggedInAt: now.toISOString(),
    };
    this.sessions.setPermanent(req.session, remember);
    this.flash.flash(req.session, 'You are logged in', 'success');
    await this.users.recordLogin(user.id, now);
  }

  /**
   * The course's two logouts. Without `keep`, `session.clear()`: the document
   * is deleted and the visitor gets a new, empty session that carries only
   * the flash. With `keep`, `session["loggedin"] = False`: the login goes, the
   * ID changes, the visitor's other keys stay.
   */
  logOut(req: Request, { keep }: { keep: boolean }): void {
    this.sessions.regenerate(
      req,
      keep
        ? { carry: 'all', except: LOGIN_SESSION_KEYS }
        : { carry: [FLASHES_SESSION_KEY] },
    );
    if (keep) req.session.loggedin = false;
    this.flash.flash(req.session, 'You are logged out', 'info');
  }
}
