import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Inject,
  Post,
  Query,
  Redirect,
  Render,
  Res,
  Session,
} from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { FormView } from '../common/http/form-errors.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import {
  PopSessionKeyDto,
  ReadSessionValueDto,
  SetSessionValueDto,
} from './dto/session-key.dto.js';
import { SessionDataService } from './session-data.service.js';
import { message, type Message } from '../i18n/messages.js';
import { ShowsStoredSession } from '../course/stored-session-panel.js';
import { withoutSecrets } from '../common/secret-names.js';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import { describeDuration } from './time-left.js';

/** The read form's example: the course's `session.get('colour', 'none')`. */
export const READ_EXAMPLE = { key: 'colour', fallback: 'none' } as const;

/** What the page says of one `session.get(key, default)`. */
export interface ReadView {
  key: string;
  fallback: string;
  /** The call as the course writes it, e.g. `session.get('colour', 'none')`. */
  call: string;
  found?: boolean;
  /** The answer, as JSON. */
  answer?: string;
  error?: Message;
}

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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Render('session/index')
  @ShowsStoredSession()
  sessionPage(@Session() session: RequestSession) {
    return this.page(session);
  }

  /**
   * The course's `session.get(key, default)`: one key, or the default when
   * the session does not hold it. A read changes nothing, so it is a GET.
   */
  @Get('get')
  @Render('session/index')
  @ShowsStoredSession()
  getKey(
    @Session() session: RequestSession,
    @Query('key') key: unknown,
    @Query('default') fallback: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key === undefined && fallback === undefined) return this.page(session);
    const read = this.read(session, key, fallback);
    if (read.error) res.status(HttpStatus.BAD_REQUEST);
    return this.page(session, read);
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

  private page(session: RequestSession, read?: ReadView) {
    return {
      titleKey: 'sessionPage.title',
      timeLeft: this.timeLeft(session),
      readOnlyKeys: this.data.readOnlyKeys(session).map((entry) => ({
        ...entry,
        shown: shownValue(entry.value),
      })),
      read: read ?? {
        ...READ_EXAMPLE,
        call: callOf(READ_EXAMPLE.key, READ_EXAMPLE.fallback),
      },
      readAsked: read !== undefined,
    };
  }

  private read(
    session: RequestSession,
    key: unknown,
    fallback: unknown,
  ): ReadView {
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const view: ReadView = {
      key: text(key),
      fallback: text(fallback),
      call: callOf(text(key), text(fallback)),
    };
    const query = plainToInstance(ReadSessionValueDto, {
      key,
      default: fallback,
    });
    const refused = validateSync(query)[0];
    if (refused) return { ...view, error: firstMessageOf(refused) };
    const result = this.data.read(session, query.key, query.default ?? '');
    if ('reserved' in result)
      return {
        ...view,
        error: message('key "%{value}" is reserved for the app itself', {
          value: query.key,
        }),
      };
    return {
      ...view,
      found: result.found,
      answer: JSON.stringify(withoutSecrets(result.value)),
    };
  }

  /**
   * For a logged-in visitor, how long the session lasts: idle (this request
   * pushes it back to a full idle timeout) and absolute (from its creation).
   */
  private timeLeft(session: RequestSession) {
    const createdAt = this.sessions.createdAt(session);
    if (session.loggedin !== true || createdAt === undefined) return null;
    const now = this.clock();
    const absoluteEnd = createdAt.getTime() + this.sessions.store.absoluteMs;
    return {
      idle: describeDuration(
        Math.min(this.sessions.store.idleMs, absoluteEnd - now),
      ),
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

/** `session.get('key', 'default')`, as the course writes it; quotes in the texts escaped. */
function callOf(key: string, fallback: string): string {
  const quoted = (text: string) =>
    `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `session.get(${quoted(key)}, ${quoted(fallback)})`;
}

/** A value as the tables show it: text as it is, anything else as JSON, secrets left out. */
function shownValue(value: unknown): string {
  return typeof value === 'string'
    ? value
    : JSON.stringify(withoutSecrets(value));
}

/** The first message of a refused field, as the DTO words it (translated by the page). */
function firstMessageOf(error: ValidationError): Message {
  const [text = 'Bad request.'] = Object.values(error.constraints ?? {});
  return { text };
}
