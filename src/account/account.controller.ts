import { Controller, Get, Render } from '@nestjs/common';

/**
 * Pages for logged-in users only (not @Public()). Their data comes from the
 * session (view locals), not from the handlers.
 */
@Controller()
export class AccountController {
  @Get('secret')
  @Render('account/secret')
  secret() {
    return { titleKey: 'account.secretTitle' };
  }

  @Get('userinfo')
  @Render('account/userinfo')
  userinfo() {
    return { titleKey: 'account.userinfoTitle' };
  }
}
