import type { Types } from 'mongoose';

/** Who makes a password attempt: their address (already grouped, see clientAddressOf) and, if recognised for this account, their browser. */
export interface PasswordClient {
  ip: string;
  /** The ID of a browser the account logged in from with its current password (LoginDevices.recognise). */
  device?: string;
}

/**
 * The account a password attempt is for: the email typed, and the account's
 * password hash when there is one. What a client earns by logging in (a
 * known address, the allowance of the account's known browsers) is bound to
 * that hash, so a password change starts it afresh.
 */
export interface AttemptedAccount {
  email: string;
  passwordHash?: string;
}

/** One counted attempt, so that a success can take it back. */
export interface AttemptTicket {
  clientKey: string;
  attemptIds: Types.ObjectId[];
  /** The known-address record a success should write (absent when this period's exists). */
  addressKey?: string;
}

/** When a refused client may try again. */
export interface Refusal {
  allowed: false;
  retryAt: Date;
  /** Whole seconds until then (at least 1): the Retry-After. */
  retryAfterSeconds: number;
  /**
   * Which limit was reached: this client's, the account's ceiling for
   * unknown clients, the allowance of the account's known browsers together,
   * or the address's.
   */
  limit: 'client' | 'email' | 'devices' | 'ip' | 'registrations';
}

export type ThrottleDecision =
  | {
      allowed: true;
      ticket: AttemptTicket;
      /** Failures this client has left for the account if this attempt fails too. */
      remaining: number;
    }
  | Refusal;

/** A key whose attempts are counted, and its limit. */
export interface Counted {
  key: string;
  limit: number;
  windowMs: number;
  kind: Refusal['limit'];
  /** Known-address records any of which lifts this limit while it lasts. */
  liftedBy?: string[];
}
