import { Controller, Get, Header, Render, UseGuards } from '@nestjs/common';
import { AuthenticatedGuard } from '../auth/guards/authenticated.guard.js';
import { ShowsStoredSession } from '../common/views/stored-session-panel.js';

/** Pages for logged-in users only. Their data comes from the session (view locals), not from the handlers. */
@Controller()
@UseGuards(AuthenticatedGuard)
export class AccountController {
  @Get('secret')
  // A shared or back-button cache must not show a logged-in page after logout.
  @Header('Cache-Control', 'no-store')
  @Render('account/secret')
  @ShowsStoredSession()
  secret() {
    return { titleKey: 'account.secretTitle' };
  }

  @Get('userinfo')
  @Header('Cache-Control', 'no-store')
  @Render('account/userinfo')
  @ShowsStoredSession()
  userinfo() {
    return { titleKey: 'account.userinfoTitle' };
  }
}
