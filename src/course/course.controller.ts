import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Post,
  Query,
  Redirect,
  Render,
  Req,
  Session,
} from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { localPath } from '../auth/local-path.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import type { RequestSession } from '../session/session.service.js';
import { CourseService } from './course.service.js';
import { LanguageDto } from './dto/language.dto.js';
import { ShowsStoredSession } from '../common/views/stored-session-panel.js';

/** The course's concepts that no other page shows, one small page each. */
@Controller('course')
@Public()
@ShowsStoredSession()
export class CourseController {
  constructor(
    private readonly course: CourseService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
  ) {}

  @Get('templates')
  @Render('course/templates')
  templatesDemo() {
    return { titleKey: 'templates.title' };
  }

  @Get('timeout')
  @Render('course/timeout')
  timeoutDemo(@Session() session: RequestSession) {
    return { titleKey: 'timeout.title', ...this.course.timeouts(session) };
  }

  @Get('redirect')
  @Render('course/redirect')
  redirectDemo(@Query('redirected') redirected: unknown) {
    return { titleKey: 'redirect.title', redirected: redirected === '1' };
  }

  /** The course's `return redirect(url_for(...))`: a 303 to a named route. */
  @Get('redirect/go')
  @Redirect()
  redirectGo() {
    return {
      url: this.urls.urlFor('redirectDemo', { redirected: 1 }),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }

  @Get('url-for')
  @Render('course/url-for')
  urlForDemo() {
    return { titleKey: 'urlFor.title', routes: this.course.namedRoutes() };
  }

  @Get('flash')
  @Render('course/flash')
  flashDemo() {
    return { titleKey: 'flash.title' };
  }

  @Post('flash')
  @Redirect()
  flashMessage(@Session() session: RequestSession) {
    this.flash.flash(session, 'This message waited in your session', 'success');
    return {
      url: this.urls.urlFor('flashedMessagesDemo'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }

  @Get('flash/messages')
  @Render('course/flashed-messages')
  flashedMessagesDemo() {
    return { titleKey: 'flashedMessages.title' };
  }

  @Get('cookie-vs-session')
  @Render('course/cookie-vs-session')
  cookieVsSession(@Req() req: Request) {
    return {
      titleKey: 'cookieVsSession.title',
      cookie: this.course.sessionCookie(req),
      loginCookie: this.course.loginCookie(req),
      sessionStore: this.course.sessionStore(),
      ...this.course.timeouts(req.session),
    };
  }

  /** The language switch: a per-visitor preference kept in the session, as the course suggests. */
  @Post('language')
  @Redirect()
  setLanguage(
    @Session() session: RequestSession,
    @Body() { lang, next }: LanguageDto,
  ) {
    session.lang = lang;
    return {
      url: localPath(next) ?? this.urls.urlFor('index'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }
}
