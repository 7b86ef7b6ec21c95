import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LOGIN_SESSION_KEYS } from '../auth/auth-session.types.js';
import type { SessionUser } from '../auth/auth-session.types.js';
import { LoginDevices } from '../auth/login-devices.js';
import { LoginThrottleService } from '../auth/login-throttle.service.js';
import { FormException } from '../common/http/form-errors.js';
import { RedirectException } from '../common/http/redirect.exception.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import type { MessageTemplate } from '../i18n/messages.js';
import { AuthEvents } from '../security/auth-events.js';
import { clientAddressOf } from '../security/client-address.js';
import { SessionService } from '@nest-sessions/session';
import { PasswordPolicy } from '../users/password-policy.js';
import { PasswordService } from '../users/password.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountSessionsService } from './account-sessions.service.js';

export const TOO_MANY_WRONG_PASSWORDS_MESSAGE =
  'The current password was wrong too many times, so you were logged out.' satisfies MessageTemplate;

@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicy,
    private readonly throttle: LoginThrottleService,
    private readonly devices: LoginDevices,
    private readonly sessions: SessionService,
    private readonly accountSessions: AccountSessionsService,
    private readonly urls: UrlForService,
    private readonly events: AuthEvents,
  ) {}

  /**
   * Changes the password of `login`, the user logged in on `req`. Whoever
   * else holds a session of the account (a stolen cookie, a forgotten
   * computer) is logged out, and the current session gets a new ID, keeping
   * its login and data. The new password hash voids every device cookie and
   * known address of the account (LoginDevices, LoginThrottleService), so
   * someone who knew the old password keeps no allowance from it; this
   * browser and address, which just proved the old one, are known again at
   * once, or an attacker filling the account's ceiling would keep the owner
   * out at their next login.
   *
   * The current password is a password check like a login's, and counted in
   * the same throttle (per account and client): a held session cannot be
   * used to guess it. When this client has no attempt left (its last one
   * failed here, or logins failed before), the session ends and the visitor
   * is sent to the login page, told why.
   */
  async change(
    req: Request,
    login: SessionUser,
    current: string,
    next: string,
  ): Promise<void> {
    const user = await this.users.findByIdForLogin(login.id);
    const ip = clientAddressOf(req);
    const decision = await this.throttle.recordAttempt(
      { email: login.email, passwordHash: user?.passwordHash },
      { ip, device: user ? this.devices.recognise(req, user) : undefined },
    );
    if (!decision.allowed) {
      this.events.record(req, 'password.throttled', {
        userId: login.id,
        limit: decision.limit,
        retryAfterSeconds: decision.retryAfterSeconds,
      });
      return this.endSession(req);
    }
    if (!user || !(await this.passwords.verify(user.passwordHash, current))) {
      this.events.record(req, 'password.check_failed', {
        userId: login.id,
        remaining: decision.remaining,
      });
      if (decision.remaining === 0) this.endSession(req);
      throw new FormException({
        currentPassword: ['the current password is wrong'],
      });
    }
    await this.throttle.recordSuccess(decision.ticket);
    if (next === current)
      throw new FormException({
        newPassword: [
          'the new password must be different from the current one',
        ],
      });
    const problem = this.policy.problemOf(next, user.email);
    if (problem) throw new FormException({ newPassword: [problem] });

    await this.users.setPassword(user.id, next);
    const [changed, ended] = await Promise.all([
      this.users.findByIdForLogin(user.id),
      this.accountSessions.revokeOthers(login.id, req.sessionID),
    ]);
    if (changed) {
      // The handler's redirect goes out on Express's response (req.res), so
      // the new cookie set on it goes out with it.
      if (req.res) this.devices.remember(req.res, changed);
      await this.throttle.rememberAddress(changed, ip);
    }
    this.sessions.regenerate(req, { carry: 'all', except: LOGIN_SESSION_KEYS });
    req.session.loggedin = true;
    req.session.user = login;
    this.events.record(req, 'password.changed', {
      userId: login.id,
      otherSessionsEnded: ended,
    });
  }

  /** Ends the session (a new, empty one replaces it) and sends the visitor to the login page with the reason. */
  private endSession(req: Request): never {
    this.sessions.regenerate(req, { carry: [] });
    throw new RedirectException(
      this.urls.urlFor('login'),
      TOO_MANY_WRONG_PASSWORDS_MESSAGE,
      HttpStatus.UNAUTHORIZED,
    );
  }
}
