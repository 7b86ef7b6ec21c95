import {
  applyDecorators,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { CLOCK, type Clock } from '../common/clock.js';
import { FormException } from '../common/http/form-errors.js';
import { securityConfig } from '../config/security.config.js';
import {
  retryMessage,
  type Message,
  type MessageTemplate,
} from '../i18n/messages.js';
import { AuthEvents } from '../security/auth-events.js';
import type { SessionUser } from './auth-session.types.js';
import { AuthService } from './auth.service.js';
import { currentUserOf } from './decorators/current-user.decorator.js';

/** The field of the confirmation form: the password, checked before the action runs. */
export const PASSWORD_CHECK_FIELD = 'passwordCheck';

/** The view that asks for the password, with the action's form kept in hidden fields. */
export const CONFIRM_PASSWORD_VIEW = 'account/confirm-password';

const FRESH_LOGIN = 'nest-sessions:fresh-login';

const WRONG_PASSWORD =
  'The password is wrong, so nothing was done. Try again.' satisfies MessageTemplate;

export const FRESH_LOGIN_NEEDED =
  'Confirm your password to continue: this action needs a recent password check.' satisfies MessageTemplate;

interface FreshLoginOptions {
  /** The action checks the password itself, in this field (a password change): its check counts. */
  checkedBy?: string;
}

/**
 * Marks a sensitive action (changing the password, ending other sessions):
 * it runs only if this session's password was checked less than
 * FRESH_LOGIN_MINUTES ago, as Flask-Login's `fresh_login_required`, Laravel's
 * `password.confirm` or GitHub's sudo mode. Otherwise the visitor is asked
 * for the password on a page of its own, whose form posts to the same action
 * with the action's fields kept (FreshLoginGuard).
 */
export const RequiresFreshLogin = (
  options: FreshLoginOptions = {},
): MethodDecorator =>
  applyDecorators(
    SetMetadata(FRESH_LOGIN, options),
    UseGuards(FreshLoginGuard),
  );

/**
 * A stolen cookie, or a session left open hours ago, must not be enough for
 * a sensitive action. A session is fresh when its password was checked
 * (login, confirmation, the action's own check) within the configured age.
 * A stale one gets the confirmation page (401, JSON for JSON clients): it
 * posts the password, in `passwordCheck`, back to the action with the
 * action's other fields, none of them secret, kept as hidden fields. The
 * check is a login's (AuthService.authenticate): throttled the same way.
 */
@Injectable()
export class FreshLoginGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly events: AuthEvents,
    @Inject(securityConfig.KEY)
    private readonly security: ConfigType<typeof securityConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options =
      this.reflector.get<FreshLoginOptions | undefined>(
        FRESH_LOGIN,
        context.getHandler(),
      ) ?? {};
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const user = currentUserOf(req);
    // Not logged in: the app's AuthenticatedGuard, which runs first, has answered already.
    if (!user) return false;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (options.checkedBy && typeof body[options.checkedBy] === 'string')
      return true;
    const password = body[PASSWORD_CHECK_FIELD];
    delete body[PASSWORD_CHECK_FIELD];
    if (typeof password !== 'string') {
      if (this.isFresh(user)) return true;
      throw this.confirmation(req, {});
    }
    const outcome = await this.auth.authenticate(user.email, password, req);
    if (outcome.status === 'throttled') {
      this.events.record(req, 'password.throttled', {
        userId: user.id,
        limit: outcome.limit,
        retryAfterSeconds: outcome.retryAfterSeconds,
      });
      http
        .getResponse<Response>()
        .setHeader('Retry-After', String(outcome.retryAfterSeconds));
      throw this.confirmation(
        req,
        {},
        HttpStatus.TOO_MANY_REQUESTS,
        retryMessage(outcome.retryAt, outcome.retryAfterSeconds, {
          seconds:
            'Too many failed login attempts. Try again after %{time} (in %{count} seconds).',
          minutes:
            'Too many failed login attempts. Try again after %{time} (in about %{count} minutes).',
        }),
      );
    }
    if (outcome.status === 'ok')
      await this.auth.passwordAccepted(outcome.ticket);
    if (outcome.status !== 'ok' || outcome.user.id !== user.id) {
      this.events.record(req, 'password.check_failed', { userId: user.id });
      throw this.confirmation(
        req,
        { [PASSWORD_CHECK_FIELD]: [WRONG_PASSWORD] },
        HttpStatus.UNAUTHORIZED,
        WRONG_PASSWORD,
      );
    }
    req.session.user = {
      ...user,
      passwordCheckedAt: new Date(this.clock()).toISOString(),
    };
    this.events.record(req, 'password.confirmed', { userId: user.id });
    return true;
  }

  private isFresh(user: SessionUser): boolean {
    const checkedAt = Date.parse(user.passwordCheckedAt ?? user.loggedInAt);
    return this.clock() - checkedAt < this.security.freshLoginMs;
  }

  /** The confirmation page: the action to post to, its fields kept (secrets never). */
  private confirmation(
    req: Request,
    errors: Record<string, MessageTemplate[]>,
    status: number = HttpStatus.UNAUTHORIZED,
    summary: Message | MessageTemplate = FRESH_LOGIN_NEEDED,
  ): FormException {
    return new FormException(errors, status, summary).withForm(
      CONFIRM_PASSWORD_VIEW,
      { ...(req.body as object), _action: req.originalUrl },
    );
  }
}
