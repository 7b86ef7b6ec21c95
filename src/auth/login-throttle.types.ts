import type { Types } from 'mongoose';

/** Who makes a password attempt: their address (already grouped, see clientAddressOf) and, if recognised for this email, their browser. */
export interface PasswordClient {
  ip: string;
  /** The ID of a browser the account logged in from before (LoginDevices.recognise). */
  device?: string;
}

/** One counted attempt, so that a success can take it back. */
export interface AttemptTicket {
  clientKey: string;
  attemptIds: Types.ObjectId[];
}

/** When a refused client may try again. */
export interface Refusal {
  allowed: false;
  retryAt: Date;
  /** Whole seconds until then (at least 1): the Retry-After. */
  retryAfterSeconds: number;
  /** Which limit was reached: this client's, the account's ceiling for unknown clients, or the address's. */
  limit: 'client' | 'email' | 'ip' | 'registrations';
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
}
