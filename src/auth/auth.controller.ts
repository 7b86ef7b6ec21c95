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
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormException, FormView } from '../common/http/form-errors.js';
import { RouteName } from '../common/routing/route-name.decorator.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import { retryMessage, type MessageTemplate } from '../i18n/messages.js';
import { AuthEvents } from '../security/auth-events.js';
import { NewSessionLimiter } from '../security/new-session-limit.js';
import { AuthService } from './auth.service.js';
import { RegistrationThrottlerGuard } from './registration-throttler.guard.js';
import { LoginDevices } from './login-devices.js';
import { LoginDto, REMEMBER_VALUES } from './dto/login.dto.js';
import { LogoutDto } from './dto/logout.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { Public } from './decorators/public.decorator.js';
import { localPath } from '../common/local-path.js';
import { ShowsStoredSession } from '../course/stored-session-panel.js';

export const INVALID_LOGIN_MESSAGE =
  'Invalid email or password' satisfies MessageTemplate;

/** The one answer to a registration, whether the address had an account or not. */
export const REGISTERED_MESSAGE =
  'Registration done: log in with this email and your password. If the address already had an account, its password has not changed.' satisfies MessageTemplate;

/** Login, registration and logout: open to every visitor. */
@Controller()
@Public()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
    private readonly devices: LoginDevices,
    private readonly events: AuthEvents,
    private readonly newSessions: NewSessionLimiter,
  ) {}

  @Get('login')
  @RouteName('login')
  @Render('auth/login')
  @ShowsStoredSession()
  loginForm(@Query('next') next: unknown) {
    return {
      titleKey: 'auth.loginTitle',
      values: { next: localPath(next) ?? '' },
    };
  }

  @Post('login')
  @FormView('auth/login')
  @Redirect()
  async login(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() { email, password, remember, next }: LoginDto,
  ) {
    const outcome = await this.auth.authenticate(email, password, req);
    if (outcome.status === 'throttled') {
      const seconds = outcome.retryAfterSeconds;
      this.events.record(req, 'login.throttled', {
        email,
        limit: outcome.limit,
        retryAfterSeconds: seconds,
      });
      res.setHeader('Retry-After', String(seconds));
      throw new FormException(
        {},
        HttpStatus.TOO_MANY_REQUESTS,
        retryMessage(outcome.retryAt, seconds, {
          seconds:
            'Too many failed login attempts. Try again after %{time} (in %{count} seconds).',
          minutes:
            'Too many failed login attempts. Try again after %{time} (in about %{count} minutes).',
        }),
      );
    }
    if (outcome.status === 'invalid') {
      this.events.record(req, 'login.failed', { email });
      throw new FormException(
        {},
        HttpStatus.UNAUTHORIZED,
        INVALID_LOGIN_MESSAGE,
      );
    }
    await this.auth.logIn(req, outcome, {
      remember: (REMEMBER_VALUES as readonly unknown[]).includes(remember),
    });
    this.devices.remember(res, outcome.user);
    this.events.record(req, 'login.succeeded', {
      email: outcome.user.email,
      userId: outcome.user.id,
      session: this.events.sessionRef(req.sessionID),
    });
    return this.afterLogin(next);
  }

  @Get('register')
  @RouteName('register')
  @Render('auth/register')
  @ShowsStoredSession()
  registerForm(@Query('next') next: unknown) {
    return {
      titleKey: 'auth.registerTitle',
      values: { next: localPath(next) ?? '' },
    };
  }

  @Post('register')
  @UseGuards(RegistrationThrottlerGuard)
  @FormView('auth/register')
  @Redirect()
  async register(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() { email, password, next }: RegisterDto,
  ) {
    // Its flash needs a session: a visitor without one is counted now, before an account exists.
    await this.newSessions.reserve(req);
    const created = await this.auth.register(email, password);
    this.events.record(req, 'registration', {
      email,
      created: created !== null,
      userId: created?.id,
    });
    // The same answer for a new and a taken address: nobody is logged in by it.
    this.flash.flash(req.session, REGISTERED_MESSAGE, 'info');
    const back = localPath(next);
    return {
      url: back
        ? this.urls.urlFor('login', { next: back })
        : this.urls.urlFor('login'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }

  /** A page with the two ways out; a GET never changes anything. */
  @Get('logout')
  @RouteName('logout')
  @Render('auth/logout')
  @ShowsStoredSession()
  logoutPage() {
    return { titleKey: 'auth.logoutTitle' };
  }

  @Post('logout')
  @Redirect()
  logout(@Req() req: Request, @Body() { keep }: LogoutDto) {
    this.events.record(req, 'logout', {
      userId: req.session.user?.id,
      session: this.events.sessionRef(req.sessionID),
      keep: keep === '1',
    });
    this.auth.logOut(req, { keep: keep === '1' });
    return { url: this.urls.urlFor('login'), statusCode: HttpStatus.SEE_OTHER };
  }

  /** Back to the page the visitor asked for when it is on this site, else to their account. */
  private afterLogin(next: string | undefined) {
    return {
      url: localPath(next) ?? this.urls.urlFor('userinfo'),
      statusCode: HttpStatus.SEE_OTHER,
    };
  }
}
