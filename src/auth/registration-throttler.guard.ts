import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { CLOCK, type Clock } from '../common/clock.js';
import { FORM_VIEW_METADATA } from '../common/http/form-errors.js';
import { AuthEvents } from '../security/auth-events.js';
import { clientAddressOf } from '../security/client-address.js';
import { RegistrationThrottledException } from './auth.service.js';

/**
 * @nestjs/throttler's guard on POST /register: `REGISTER_MAX_PER_IP`
 * registrations per address (IPv6: per /64) within `REGISTER_WINDOW_SECONDS`,
 * taken emails and refused forms counted too, in the app's database
 * (MongoThrottlerStorage) so the limit holds across instances. Refused
 * before anything is created, with the form's own 429 and Retry-After.
 */
@Injectable()
export class RegistrationThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly events: AuthEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(req: Record<string, any>): Promise<string> {
    return Promise.resolve(clientAddressOf(req as Request));
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    { timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    const http = context.switchToHttp();
    this.events.record(http.getRequest<Request>(), 'registration.throttled', {
      retryAfterSeconds: timeToBlockExpire,
    });
    http
      .getResponse<Response>()
      .setHeader('Retry-After', String(timeToBlockExpire));
    const refused = new RegistrationThrottledException({
      allowed: false,
      limit: 'registrations',
      retryAt: new Date(this.clock() + timeToBlockExpire * 1000),
      retryAfterSeconds: timeToBlockExpire,
    });
    // Guards run before interceptors: the form's view is attached here, so
    // the form is shown again with the refusal and what was typed.
    const view = this.reflector.get<string | undefined>(
      FORM_VIEW_METADATA,
      context.getHandler(),
    );
    throw view
      ? refused.withForm(view, http.getRequest<Request>().body)
      : refused;
  }
}
