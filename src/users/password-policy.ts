import { Injectable } from '@nestjs/common';
import { guessabilityOf } from '../common/guessability.js';
import type { MessageTemplate } from '../i18n/messages.js';
import { normaliseEmail } from './email.js';

export const WEAK_PASSWORD_MESSAGE =
  'password is too easy to guess (a common password, a word, a name or a pattern); a few unrelated words make a strong one' satisfies MessageTemplate;
export const EMAIL_IN_PASSWORD_MESSAGE =
  'password must not be made from your email address' satisfies MessageTemplate;

/** zxcvbn's score 3: about 10^8 guesses or more ("safely unguessable" for an online attack). */
export const MIN_SCORE = 3;

/** Words of this app that make a password guessable here. */
const APP_WORDS = ['nomades', 'sessions', 'nest-sessions', 'nestjs', 'admin'];

/**
 * What NIST SP 800-63B (5.1.1.2) asks of a new password beyond its length:
 * not a common or compromised one, no dictionary word, repetition or
 * sequence, nothing from the context (the email, its parts, the service's
 * name). Checked offline by zxcvbn; the length limits stay in the DTOs.
 */
@Injectable()
export class PasswordPolicy {
  /** Why this password may not be used for this account, or undefined. */
  problemOf(password: string, email: string): MessageTemplate | undefined {
    const address = normaliseEmail(email);
    const [local = '', domain = ''] = address.split('@');
    const context = [address, local, ...domain.split('.'), ...APP_WORDS];
    // What is left once the address and its name are taken out: a password
    // made of them plus a little (`context2024`) is weak, one that merely
    // contains the name among strong words is not.
    const rest = [address, local]
      .filter((part) => part.length >= 3)
      .reduce(
        (left, part) => left.split(part).join(''),
        password.normalize('NFKC').toLowerCase(),
      );
    const fromEmail = rest.length < password.length;
    if (guessabilityOf(password, context).score < MIN_SCORE)
      return fromEmail ? EMAIL_IN_PASSWORD_MESSAGE : WEAK_PASSWORD_MESSAGE;
    if (fromEmail && guessabilityOf(rest, context).score < MIN_SCORE)
      return EMAIL_IN_PASSWORD_MESSAGE;
    return undefined;
  }
}
