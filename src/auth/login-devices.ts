import { Inject, Injectable } from '@nestjs/common';
import { SessionService } from '@nest-sessions/session';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CLOCK, type Clock } from '../common/clock.js';
import { appConfig } from '../config/app.config.js';
import { sessionConfig } from '../config/session.config.js';

/** How long a browser stays known to an account after its last login there. */
export const DEVICE_LIFETIME_MS = 180 * 24 * 3_600_000;

/** What a device cookie is bound to: the account, as it is now. */
export interface DeviceAccount {
  /** The stored (normalised) email. */
  email: string;
  passwordHash: string;
}

/**
 * Browsers an account logged in from (OWASP's "device cookies"): at each
 * successful login the browser gets a cookie signed with the session secrets
 * and bound to the account: its email and its password hash. A later attempt
 * for that account carrying it is counted under the browser's own allowance
 * (and the account's known browsers' together), not under the address or the
 * account's ceiling for unknown clients, so an attacker who exhausts those
 * does not lock the owner out. The cookie grants nothing else: the password
 * is still checked, and the browser has its own limit of failures.
 *
 * The password hash changes with every password change (a new salt each
 * time), so a change voids every cookie issued before it, with nothing to
 * store or look up: cookies gathered by someone who knew the old password are
 * then worth nothing.
 */
@Injectable()
export class LoginDevices {
  readonly cookieName: string;

  constructor(
    @Inject(sessionConfig.KEY)
    private readonly session: ConfigType<typeof sessionConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {
    this.cookieName = app.isProduction ? '__Host-device' : 'device';
  }

  /** Marks the browser as known to `account` with its current password, for DEVICE_LIFETIME_MS from now. */
  remember(res: Response, account: DeviceAccount): void {
    const issuedAt = Math.floor(this.clock() / 1000).toString(36);
    const nonce = randomBytes(12).toString('base64url');
    const mac = this.mac(this.session.secrets[0], issuedAt, nonce, account);
    res.cookie(this.cookieName, `${issuedAt}.${nonce}.${mac}`, {
      ...this.sessions.cookieOptions,
      maxAge: DEVICE_LIFETIME_MS,
    });
  }

  /** The browser's ID when its cookie is a valid, unexpired one for `account` and its current password; undefined otherwise. */
  recognise(req: Request, account: DeviceAccount): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[
      this.cookieName
    ];
    if (typeof value !== 'string' || value.length > 200) return undefined;
    const [issuedAt, nonce, mac, extra] = value.split('.');
    if (!issuedAt || !nonce || !mac || extra !== undefined) return undefined;
    const issued = parseInt(issuedAt, 36) * 1000;
    if (!Number.isFinite(issued) || this.clock() - issued > DEVICE_LIFETIME_MS)
      return undefined;
    const given = Buffer.from(mac);
    const valid = this.session.secrets.some((secret) => {
      const expected = Buffer.from(this.mac(secret, issuedAt, nonce, account));
      return (
        expected.length === given.length && timingSafeEqual(expected, given)
      );
    });
    return valid ? nonce : undefined;
  }

  private mac(
    secret: string,
    issuedAt: string,
    nonce: string,
    { email, passwordHash }: DeviceAccount,
  ): string {
    return createHmac('sha256', secret)
      .update(`login-device\n${issuedAt}\n${nonce}\n${email}\n${passwordHash}`)
      .digest('base64url');
  }
}
