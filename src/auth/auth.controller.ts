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
import { AuthService } from './auth.service.js';
import { LoginDto, REMEMBER_VALUES } from './dto/login.dto.js';
import { LogoutDto } from './dto/logout.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { localPath } from './local-path.js';

export const INVALID_LOGIN_MESSAGE = 'Invalid email or password';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly flash: FlashService,
    private readonly urls: UrlForService,
  ) {}

  @Get('login')
  @RouteName('login')
  @Render('auth/login')
  loginForm(@Query('next') next: unknown) {
    return { title: 'Log in', values: { next: localPath(next) ?? '' } };
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
      const seconds = Math.max(
        1,
        Math.ceil((outcome.retryAt.getTime() - Date.now()) / 1000),
      );
      res.setHeader('Retry-After', String(seconds));
      throw new FormException(
        {},
        HttpStatus.TOO_MANY_REQUESTS,
        `Too many failed login attempts. Try again after ${formatTime(outcome.retryAt)} (in ${describeWait(seconds)}).`,
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
  registerForm(@Query('next') next: unknown) {
    return { title: 'Register', values: { next: localPath(next) ?? '' } };
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
  logoutPage() {
    return { title: 'Log out' };
  }

  @Post('logout')
  @Redirect()
  async logout(@Req() req: Request, @Body() { keep }: LogoutDto) {
    await this.auth.logOut(req, { keep: keep === '1' });
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

function formatTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
