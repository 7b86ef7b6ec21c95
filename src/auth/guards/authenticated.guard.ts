import {
  CanActivate,
  ExecutionContext,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import { RedirectException } from '../../common/http/redirect.exception.js';
import { UrlForService } from '../../common/routing/url-for.service.js';
import type { MessageTemplate } from '../../i18n/messages.js';

export const LOGIN_REQUIRED_MESSAGE =
  'Please log in to see this page' satisfies MessageTemplate;

/**
 * Lets logged-in visitors through. Others are sent to the login form with the
 * page they asked for as `next` (browsers: 303 and a flash), or get 401 (JSON).
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly urls: UrlForService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.session?.loggedin === true && req.session.user) return true;
    throw new RedirectException(
      this.urls.urlFor('login', { next: req.originalUrl }),
      HttpStatus.UNAUTHORIZED,
      LOGIN_REQUIRED_MESSAGE,
    );
  }
}
