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
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormException, FormView } from '../common/http/form-errors.js';
import { RouteName } from '../common/routing/route-name.decorator.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import { FlashService } from '../flash/flash.service.js';
import {
  message,
  type Message,
  type MessageTemplate,
} from '../i18n/messages.js';
import { AuthService } from './auth.service.js';
import { LoginDto, REMEMBER_VALUES } from './dto/login.dto.js';
import { LogoutDto } from './dto/logout.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { Public } from './decorators/public.decorator.js';
import { localPath } from './local-path.js';
import { ShowsStoredSession } from '../common/views/stored-session-panel.js';

export const INVALID_LOGIN_MESSAGE =
  'Invalid email or password' satisfies MessageTemplate;

/** Login, registration and logout: open to every visitor. */
@Controller()
@Public()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
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
    const outcome = await this.auth.authenticate(
      email,
      password,
      req.ip ?? req.socket.remoteAddress ?? 'unknown',
    );
    if (outcome.status === 'throttled') {
      const seconds = outcome.retryAfterSeconds;
      res.setHeader('Retry-After', String(seconds));
      throw new FormException(
        {},
        HttpStatus.TOO_MANY_REQUESTS,
        throttledMessage(outcome.retryAt, seconds),
      );
    }
    if (outcome.status === 'invalid') {
      throw new FormException(
        {},
        HttpStatus.UNAUTHORIZED,
        INVALID_LOGIN_MESSAGE,
      );
    }
    await this.auth.logIn(req, outcome.user, {
      remember: (REMEMBER_VALUES as readonly unknown[]).includes(remember),
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
  @FormView('auth/register')
  @Redirect()
  async register(
    @Req() req: Request,
    @Body() { email, password, next }: RegisterDto,
  ) {
    const user = await this.auth.register(email, password);
    this.flash.flash(req.session, 'Your account was created', 'success');
    await this.auth.logIn(req, user, { remember: false });
    return this.afterLogin(next);
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

/** When the visitor may try again: seconds under a minute, else about so many minutes. */
function throttledMessage(retryAt: Date, seconds: number): Message {
  const time = retryAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  return seconds < 60
    ? message(
        'Too many failed login attempts. Try again after %{time} (in %{count} seconds).',
        { time, count: seconds },
      )
    : message(
        'Too many failed login attempts. Try again after %{time} (in about %{count} minutes).',
        { time, count: Math.ceil(seconds / 60) },
      );
}
