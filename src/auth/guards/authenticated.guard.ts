import {
  CanActivate,
  ExecutionContext,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RedirectException } from '../../common/http/redirect.exception.js';
import { UrlForService } from '../../common/routing/url-for.service.js';
import type { MessageTemplate } from '../../i18n/messages.js';
import { currentUserOf } from '../decorators/current-user.decorator.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';

export const LOGIN_REQUIRED_MESSAGE =
  'Please log in to see this page' satisfies MessageTemplate;

/**
 * The app's global guard (APP_GUARD, registered by AuthModule): routes are for
 * logged-in visitors unless their handler or controller is marked @Public().
 * Others are sent to the login form with the page they asked for as `next`
 * (browsers: 303 and a flash), or get 401 (JSON).
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly urls: UrlForService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(
      IS_PUBLIC_KEY,
      [context.getHandler(), context.getClass()],
    );
    if (isPublic === true) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (currentUserOf(req)) return true;
    throw new RedirectException(
      this.urls.urlFor('login', { next: req.originalUrl }),
      LOGIN_REQUIRED_MESSAGE,
      HttpStatus.UNAUTHORIZED,
    );
  }
}
