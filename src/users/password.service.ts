import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with @node-rs/argon2's defaults (m=19456 KiB, t=2, p=1): OWASP's
 * minimum recommendation. The parameters live in each hash, so raising them
 * later keeps old hashes verifiable.
 */
@Injectable()
export class PasswordService {
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password);
  }

  /** False for a wrong password and for a hash that cannot be read; never throws for either. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real verification, against a hash no password
   * matches, so an unknown email answers as slowly as a wrong password.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, password);
    return false;
  }
}
