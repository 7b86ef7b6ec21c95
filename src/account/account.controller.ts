import { Controller, Get, Render } from '@nestjs/common';
import { ShowsStoredSession } from '../course/stored-session-panel.js';

/**
 * Pages for logged-in users only (not @Public()). Their data comes from the
 * session (view locals), not from the handlers.
 */
@Controller()
export class AccountController {
  @Get('secret')
  @Render('account/secret')
  @ShowsStoredSession()
  secret() {
    return { titleKey: 'account.secretTitle' };
  }

  @Get('userinfo')
  @Render('account/userinfo')
  @ShowsStoredSession()
  userinfo() {
    return { titleKey: 'account.userinfoTitle' };
  }
}
