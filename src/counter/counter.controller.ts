import {
  Controller,
  Get,
  HttpStatus,
  Post,
  Redirect,
  Render,
  Session,
} from '@nestjs/common';
import { Public } from '../auth/decorators/public.decorator.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import type { RequestSession } from '@nest-sessions/session';
import { CounterService } from './counter.service.js';
import { ShowsStoredSession } from '../course/stored-session-panel.js';

@Controller()
@Public()
export class CounterController {
  constructor(
    private readonly counter: CounterService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
  ) {}

  @Get()
  @Render('counter/index')
  @ShowsStoredSession()
  index(@Session() session: RequestSession) {
    return { titleKey: 'home.title', count: this.counter.increment(session) };
  }

  @Post('counter/reset')
  @Redirect()
  resetCounter(@Session() session: RequestSession) {
    this.counter.reset(session);
    this.flash.flash(session, 'Counter reset', 'info');
    return { url: this.urls.urlFor('index'), statusCode: HttpStatus.SEE_OTHER };
  }
}
