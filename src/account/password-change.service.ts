import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LOGIN_SESSION_KEYS } from '../auth/auth-session.types.js';
import { FormException } from '../common/http/form-errors.js';
import { SessionService } from '../session/session.service.js';
import type { SessionUser } from '../auth/auth-session.types.js';
import { PasswordService } from '../users/password.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountSessionsService } from './account-sessions.service.js';

@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly accountSessions: AccountSessionsService,
  ) {}

  /**
   * Changes the password of `login`, the user logged in on `req`. Whoever
   * else holds a session of the account (a stolen cookie, a forgotten
   * computer) is logged out, and the current session gets a new ID, keeping
   * its login and data.
   */
  async change(
    req: Request,
    login: SessionUser,
    current: string,
    next: string,
  ): Promise<void> {
    const user = await this.users.findByIdForLogin(login.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, current))) {
      throw new FormException({
        currentPassword: ['the current password is wrong'],
      });
    }
    await this.users.setPassword(user.id, next);
    await this.accountSessions.revokeOthers(login.id, req.sessionID);
    this.sessions.regenerate(req, { carry: 'all', except: LOGIN_SESSION_KEYS });
    req.session.loggedin = true;
    req.session.user = login;
  }
}
