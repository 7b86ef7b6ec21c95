import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Param,
  Post,
  Redirect,
  Render,
  Req,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { sessionConfig } from '../config/session.config.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { RequiresFreshLogin } from '../auth/fresh-login.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { FormView } from '../common/http/form-errors.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import { AuthEvents } from '../security/auth-events.js';
import type { SessionUser } from '../auth/auth-session.types.js';
import { AccountSessionsService } from './account-sessions.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { PasswordChangeService } from './password-change.service.js';

/** The user's sessions (seen and ended from here) and their password; logged-in users only. */
@Controller('account')
export class AccountSessionsController {
  constructor(
    private readonly userSessions: AccountSessionsService,
    private readonly passwordChange: PasswordChangeService,
    private readonly auth: AuthService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
    @Inject(sessionConfig.KEY)
    private readonly session: ConfigType<typeof sessionConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly events: AuthEvents,
  ) {}

  @Get('sessions')
  @Render('account/sessions')
  async accountSessions(@Req() req: Request, @CurrentUser() user: SessionUser) {
    const rows = await this.userSessions.list(user.id, req.sessionID);
    return {
      titleKey: 'account.sessionsTitle',
      rows,
      others: rows.length > 1,
      maxSessions: this.session.perAccount,
    };
  }

  @Post('sessions/revoke-others')
  @RequiresFreshLogin()
  @Redirect()
  async revokeOtherSessions(
    @Req() req: Request,
    @CurrentUser() user: SessionUser,
  ) {
    const ended = await this.userSessions.revokeOthers(user.id, req.sessionID);
    this.events.record(req, 'sessions.revoked', {
      userId: user.id,
      count: ended,
    });
    this.flash.flash(req.session, 'Ended %{count} other sessions', 'success', {
      count: ended,
    });
    return this.to('accountSessions');
  }

  @Post('sessions/:ref/revoke')
  @Redirect()
  async revokeSession(
    @Req() req: Request,
    @CurrentUser() user: SessionUser,
    @Param('ref') ref: string,
  ) {
    const key = await this.userSessions.resolve(user.id, ref);
    // Ending the session in use is a logout: the browser gets a fresh session at once.
    if (this.userSessions.isCurrent(key, req.sessionID)) {
      this.events.record(req, 'session.revoked', {
        userId: user.id,
        revoked: ref,
        current: true,
      });
      this.auth.logOut(req, { keep: false });
      return this.to('login');
    }
    await this.userSessions.revoke(user.id, key);
    this.events.record(req, 'session.revoked', {
      userId: user.id,
      revoked: ref,
    });
    this.flash.flash(req.session, 'The session was ended', 'success');
    return this.to('accountSessions');
  }

  @Get('password')
  @Render('account/password')
  passwordForm() {
    return { titleKey: 'account.passwordTitle' };
  }

  @Post('password')
  @RequiresFreshLogin({ checkedBy: 'currentPassword' })
  @FormView('account/password')
  @Redirect()
  async changePassword(
    @Req() req: Request,
    @CurrentUser() user: SessionUser,
    @Body() { currentPassword, newPassword }: ChangePasswordDto,
  ) {
    await this.passwordChange.change(req, user, currentPassword, newPassword);
    // The current password was just checked: a fresh login.
    req.session.user = {
      ...req.session.user!,
      passwordCheckedAt: new Date(this.clock()).toISOString(),
    };
    this.flash.flash(
      req.session,
      'Your password was changed; your other sessions were ended',
      'success',
    );
    return this.to('accountSessions');
  }

  private to(route: string) {
    return { url: this.urls.urlFor(route), statusCode: HttpStatus.SEE_OTHER };
  }
}
