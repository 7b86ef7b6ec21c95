import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Post,
  Redirect,
  Render,
  Session,
} from '@nestjs/common';
import { Public } from '../auth/decorators/public.decorator.js';
import { FormView } from '../common/http/form-errors.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import { PopSessionKeyDto, SetSessionValueDto } from './dto/session-key.dto.js';
import { SessionDataService } from './session-data.service.js';
import {
  SessionService,
  type RequestSession,
} from '../session/session.service.js';
import { describeDuration } from './time-left.js';
import { ShowsStoredSession } from '../common/views/stored-session-panel.js';

/** How much of a popped value its message shows. */
const POPPED_VALUE_SHOWN = 60;

/** The session as a dictionary, as the course shows it: set, get, pop, clear. */
@Controller('session')
@Public()
export class SessionDataController {
  constructor(
    private readonly data: SessionDataService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
    private readonly sessions: SessionService,
  ) {}

  @Get()
  @Render('session/index')
  @ShowsStoredSession()
  sessionPage(@Session() session: RequestSession) {
    return {
      titleKey: 'sessionPage.title',
      timeLeft: this.timeLeft(session),
    };
  }

  @Post()
  @FormView('session/index')
  @Redirect()
  setKey(
    @Session() session: RequestSession,
    @Body() { key, value }: SetSessionValueDto,
  ) {
    this.data.set(session, key, value);
    this.flash.flash(session, 'Stored session["%{key}"]', 'success', { key });
    return this.backToPage();
  }

  @Post('pop')
  @FormView('session/index')
  @Redirect()
  popKey(
    @Session() session: RequestSession,
    @Body() { key }: PopSessionKeyDto,
  ) {
    const result = this.data.pop(session, key);
    if (result.found) {
      // The message shows the start of a long value only: pops must not
      // copy values into the session faster than they remove them.
      const value = String(result.value);
      if (value.length <= POPPED_VALUE_SHOWN)
        this.flash.flash(
          session,
          'Removed session["%{key}"] (it was "%{value}")',
          'info',
          { key, value },
        );
      else
        this.flash.flash(
          session,
          'Removed session["%{key}"] (it began "%{value}…", %{count} characters)',
          'info',
          {
            key,
            value: value.slice(0, POPPED_VALUE_SHOWN),
            count: value.length,
          },
        );
    } else {
      this.flash.flash(
        session,
        'There was no key "%{key}" in the session',
        'warning',
        { key },
      );
    }
    return this.backToPage();
  }

  @Post('clear')
  @Redirect()
  clearSession(@Session() session: RequestSession) {
    this.data.clear(session);
    this.flash.flash(session, 'The session was cleared', 'info');
    return this.backToPage();
  }

  /**
   * For a logged-in visitor, how long the session lasts: idle (this request
   * pushes it back to a full idle timeout) and absolute (from its creation).
   */
  private timeLeft(session: RequestSession) {
    const createdAt = this.sessions.createdAt(session);
    if (session.loggedin !== true || createdAt === undefined) return null;
    const now = this.sessions.now();
    const absoluteEnd = createdAt + this.sessions.absoluteMs;
    return {
      idle: describeDuration(Math.min(this.sessions.idleMs, absoluteEnd - now)),
      absolute: describeDuration(absoluteEnd - now),
    };
  }

  private backToPage() {
    return {
      url: this.urls.urlFor('sessionPage'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }
}
