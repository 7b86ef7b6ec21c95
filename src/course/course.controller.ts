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
  Res,
  Session,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { localPath } from '../common/local-path.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import { CourseService } from './course.service.js';
import { LanguageDto } from './dto/language.dto.js';
import { ShowsStoredSession } from './stored-session-panel.js';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import { I18nService } from '../i18n/i18n.service.js';
import {
  FLASH_DEMO_CATEGORIES,
  FLASH_DEMO_ROWS,
  FlashDemoDto,
  NO_MESSAGE,
} from './dto/flash-demo.dto.js';
import { KeepSignedInDto } from './dto/keep-signed-in.dto.js';
import { TIMEOUT_DEMO_MS, TimeoutDemoService } from './timeout-demo.service.js';

/** The course's concepts that no other page shows, one small page each. */
@Controller('course')
@Public()
@ShowsStoredSession()
export class CourseController {
  constructor(
    private readonly course: CourseService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
    private readonly sessions: SessionService,
    private readonly timeout: TimeoutDemoService,
    private readonly i18n: I18nService,
  ) {}

  /** The course's first step: what a session is, and how this app sets one up. */
  @Get('what-is-a-session')
  @Render('course/what-is-a-session')
  whatIsASession(@Req() req: Request) {
    return {
      titleKey: 'whatIsASession.title',
      cookie: this.course.sessionCookie(req),
    };
  }

  @Get('templates')
  @Render('course/templates')
  templatesDemo() {
    return { titleKey: 'templates.title' };
  }

  @Get('timeout')
  @Render('course/timeout')
  timeoutDemo(@Req() req: Request) {
    const session = req.session as RequestSession | undefined;
    return {
      titleKey: 'timeout.title',
      ...this.course.timeouts(session),
      demoSeconds: TIMEOUT_DEMO_MS / 1000,
      demoAvailable: this.timeout.available,
      countdown: this.timeout.countdown(session),
      heldKeys: this.course.heldKeys(session),
      cookie: this.course.sessionCookie(req),
      sessionStore: this.course.sessionStore(),
    };
  }

  /** "Let my session expire in 20 seconds": Flask's permanent_session_lifetime, for this session alone. */
  @Post('timeout/expire')
  @Redirect()
  expireSoon(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = req.session;
    const outcome = this.timeout.start(req, res);
    if (outcome.started)
      this.flash.flash(
        session,
        'Your session now ends after %{seconds} seconds without a request',
        'info',
        { seconds: TIMEOUT_DEMO_MS / 1000 },
      );
    else
      this.flash.flash(
        session,
        'The idle timeout is %{seconds} seconds or shorter: stay idle that long and your session ends by itself',
        'warning',
        { seconds: TIMEOUT_DEMO_MS / 1000 },
      );
    return this.toTimeoutPage();
  }

  /** The course's `session.permanent = True / False`: the login form's "Keep me signed in". */
  @Post('timeout/permanent')
  @Redirect()
  keepSignedIn(
    @Session() session: RequestSession,
    @Body() { permanent }: KeepSignedInDto,
  ) {
    this.sessions.setPermanent(session, permanent === '1');
    if (permanent === '1')
      this.flash.flash(
        session,
        'Your session is now permanent: its cookie is kept when the browser closes',
        'success',
      );
    else
      this.flash.flash(
        session,
        'Your session is no longer permanent: its cookie ends when the browser closes',
        'info',
      );
    return this.toTimeoutPage();
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
  urlForDemo(@Query('name') name: unknown, @Query('values') values: unknown) {
    const asked = name !== undefined || values !== undefined;
    return {
      titleKey: 'urlFor.title',
      routes: this.course.namedRoutes(),
      routeNames: this.course.routeNames(),
      built: asked
        ? this.course.buildUrl(name, values)
        : { name: 'revokeSession', values: 'ref=abc' },
      asked,
    };
  }

  @Get('flash')
  @Render('course/flash')
  flashDemo() {
    return {
      titleKey: 'flash.title',
      rows: FLASH_DEMO_CATEGORIES.slice(0, FLASH_DEMO_ROWS).map(
        (category, index) => ({
          position: index + 1,
          choices: [...FLASH_DEMO_CATEGORIES, NO_MESSAGE].map((value) => ({
            value,
            selected: value === category,
          })),
        }),
      ),
    };
  }

  /**
   * Without categories: the one message of the simple button. With them: one
   * message per category chosen, flashed in the order of the form.
   */
  @Post('flash')
  @Redirect()
  flashMessage(
    @Session() session: RequestSession,
    @Body() { category }: FlashDemoDto,
  ) {
    if (category === undefined)
      this.flash.flash(
        session,
        'This message waited in your session',
        'success',
      );
    const chosen = (category ?? []).filter(
      (value): value is (typeof FLASH_DEMO_CATEGORIES)[number] =>
        value !== NO_MESSAGE,
    );
    chosen.forEach((value, index) =>
      this.flash.flash(
        session,
        'Message %{position} of %{total}, flashed with the category "%{category}"',
        value,
        { position: index + 1, total: chosen.length, category: value },
      ),
    );
    return {
      url: this.urls.urlFor('flashedMessagesDemo'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }

  @Get('flash/messages')
  @Render('course/flashed-messages')
  flashedMessagesDemo() {
    // The page's own button flashes one message of each category.
    return {
      titleKey: 'flashedMessages.title',
      categories: FLASH_DEMO_CATEGORIES,
    };
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

  private toTimeoutPage() {
    return {
      url: this.urls.urlFor('timeoutDemo'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }

  /**
   * The language switch of every page, error pages included: a preference
   * kept in the session, as the course suggests, when the visitor has one,
   * and in a cookie of its own always. A visitor without a session does not
   * get one for this.
   */
  @Post('language')
  @Redirect()
  setLanguage(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() { lang, next }: LanguageDto,
  ) {
    if (!this.sessions.store.holdsNothing(req.session)) req.session.lang = lang;
    this.i18n.remember(req, res, lang);
    return {
      url: localPath(next) ?? this.urls.urlFor('index'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }
}
