import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { ConfigType } from '@nestjs/config';
import { CLOCK, type Clock } from '../common/clock.js';
import { sessionConfig } from '../config/session.config.js';
import { FormException } from '../common/http/form-errors.js';
import { FlashService } from '../flash/flash.service.js';
import { FLASHES_SESSION_KEY } from '../flash/flash.types.js';
import { retryMessage } from '../i18n/messages.js';
import { LOGIN_SESSION_KEYS } from './auth-session.types.js';
import { SessionService } from '@nest-sessions/session';
import { PasswordPolicy } from '../users/password-policy.js';
import { PasswordService } from '../users/password.service.js';
import type { UserDocument } from '../users/schemas/user.schema.js';
import { type LoginUser, UsersService } from '../users/users.service.js';
import { clientAddressOf } from '../security/client-address.js';
import { LoginDevices } from './login-devices.js';
import { LoginThrottleService } from './login-throttle.service.js';
import type { AttemptTicket, Refusal } from './login-throttle.types.js';

export type LoginOutcome =
  | { status: 'ok'; user: LoginUser; ticket: AttemptTicket }
  | { status: 'invalid' }
  | ({ status: 'throttled' } & Omit<Refusal, 'allowed'>);

/** A refused registration: too many from the address (429, with when to try again). */
export class RegistrationThrottledException extends FormException {
  constructor(readonly refusal: Refusal) {
    super(
      {},
      HttpStatus.TOO_MANY_REQUESTS,
      retryMessage(refusal.retryAt, refusal.retryAfterSeconds, {
        seconds:
          'Too many registrations from your address. Try again after %{time} (in %{count} seconds).',
        minutes:
          'Too many registrations from your address. Try again after %{time} (in about %{count} minutes).',
      }),
    );
  }
}

/** Login, registration and logout, and what each does to the session. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly policy: PasswordPolicy,
    private readonly throttle: LoginThrottleService,
    private readonly devices: LoginDevices,
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(sessionConfig.KEY)
    private readonly session: ConfigType<typeof sessionConfig>,
  ) {}

  /**
   * Checks a login attempt. An unknown email and a wrong password take the
   * same path and the same hashing time, so neither the answer nor its delay
   * tells whether an account exists. The account is read first: what the
   * browser and the address earned by logging in before is bound to its
   * current password hash (LoginDevices, LoginThrottleService). A right
   * password still counts as a failed attempt until passwordAccepted() (or
   * logIn()) takes it back with the outcome's ticket.
   */
  async authenticate(
    email: string,
    password: string,
    req: Request,
  ): Promise<LoginOutcome> {
    const user = await this.users.findForLogin(email);
    const decision = await this.throttle.recordAttempt(
      { email, passwordHash: user?.passwordHash },
      {
        ip: clientAddressOf(req),
        device: user ? this.devices.recognise(req, user) : undefined,
      },
    );
    if (!decision.allowed) {
      const { allowed: _allowed, ...refusal } = decision;
      return { status: 'throttled', ...refusal };
    }
    const valid = user
      ? await this.passwords.verify(user.passwordHash, password)
      : await this.passwords.verifyDummy(password);
    if (!user || !valid) return { status: 'invalid' };
    return { status: 'ok', user, ticket: decision.ticket };
  }

  /** Takes back the attempt of a right password: the client starts afresh for the account. */
  passwordAccepted(ticket: AttemptTicket): Promise<void> {
    return this.throttle.recordSuccess(ticket);
  }

  /**
   * Registers an address, answering the same whether it had an account or
   * not: a taken email is not told apart (no "already exists"), and both
   * paths hash the password first and then write once (the insert, or the
   * insert that the unique index refuses), so they take the same time.
   * Refused before any of this: a password the policy refuses (400, whatever
   * the email); too many registrations from the address is the guard's
   * (RegistrationThrottlerGuard, 429).
   * Returns the new account, or null for a taken email (for the log only).
   */
  async register(
    email: string,
    password: string,
  ): Promise<UserDocument | null> {
    const problem = this.policy.problemOf(password, email);
    if (problem) throw new FormException({ password: [problem] });
    return this.users.register(email, password);
  }

  /**
   * Logs the user in: a new session ID (the pre-login one is deleted, against
   * fixation) that keeps the visitor's own keys, then the login keys. Three
   * writes that need nothing from each other go together, one round trip
   * for all: the attempt taken back, the session saved (through the one save
   * path), and the account's other sessions past the newest
   * SESSIONS_PER_ACCOUNT - 1 ended.
   */
  async logIn(
    req: Request,
    { user, ticket }: { user: LoginUser; ticket: AttemptTicket },
    { remember }: { remember: boolean },
  ): Promise<void> {
    this.sessions.regenerate(req, { carry: 'all', except: LOGIN_SESSION_KEYS });
    req.session.loggedin = true;
    req.session.user = {
      id: user.id,
      email: user.email,
      loggedInAt: new Date(this.clock()).toISOString(),
    };
    this.sessions.setPermanent(req.session, remember);
    this.flash.flash(req.session, 'You are logged in', 'success');
    const [accepted, committed, trimmed] = await Promise.allSettled([
      this.passwordAccepted(ticket),
      this.sessions.commit(req),
      // A session whose cookie cannot reach the browser is not stored: none to make room for.
      this.sessions.cookieReaches(req)
        ? this.sessions.store.trimUserSessions(
            user.id,
            this.session.perAccount,
            req.sessionID,
          )
        : 0,
    ]);
    // The answer waits for all three. The save decides it: failed, the
    // login did not happen (its 503); done, the login stands, and a failure
    // of the other two is only logged (the attempt then counts until its
    // window ends; the account's sessions are bounded at its next login).
    if (committed.status === 'rejected') throw committed.reason;
    for (const [what, outcome] of [
      ['attempt taken back', accepted],
      ['sessions bounded', trimmed],
    ] as const)
      if (outcome.status === 'rejected')
        this.logger.warn(
          `Login of ${user.id}: not ${what}: ${(outcome.reason as Error).message}`,
        );
    const ended = trimmed.status === 'fulfilled' ? trimmed.value : 0;
    if (ended > 0 && req.session)
      this.flash.flash(
        req.session,
        'An account keeps at most %{max} sessions: your %{count} least recently used ended',
        'warning',
        { max: this.session.perAccount, count: ended },
      );
  }

  /**
   * The course's two logouts. Without `keep`, `session.clear()`: the document
   * is deleted and the visitor gets a new, empty session that carries only
   * the flash. With `keep`, `session["loggedin"] = False`: the login goes, the
   * ID changes, the visitor's other keys stay.
   */
  logOut(req: Request, { keep }: { keep: boolean }): void {
    this.sessions.regenerate(
      req,
      keep
        ? { carry: 'all', except: LOGIN_SESSION_KEYS }
        : { carry: [FLASHES_SESSION_KEY] },
    );
    if (keep) req.session.loggedin = false;
    this.flash.flash(req.session, 'You are logged out', 'info');
  }
}
