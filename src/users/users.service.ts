import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import mongoose, { type Model } from 'mongoose';
import { appConfig } from '../config/app.config.js';
import { normaliseEmail } from './email.js';
import { PasswordService } from './password.service.js';
import { User, type UserDocument } from './schemas/user.schema.js';

/** An account as a login reads it. */
export interface LoginUser {
  id: string;
  email: string;
  passwordHash: string;
}

/** The course's demo account, created at start-up when SEED_DEMO_USER is on. */
export const DEMO_USER = { email: 'admin@nomades.ch', password: '1234' };

/** Registration of an address that already has an account. */
export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

/** The unique index refused a second account for an address (the error class of mongoose's own driver copy). */
function isDuplicateKey(error: unknown): boolean {
  return (
    error instanceof mongoose.mongo.MongoServerError && error.code === 11000
  );
}

@Injectable()
export class UsersService implements OnModuleInit {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly passwords: PasswordService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    // The unique index must exist before the first registration, or two sign-ups could share an email.
    await this.users.init();
    if (this.app.seedDemoUser) await this.seedDemoUser();
    if (this.app.isProduction) await this.warnOfDemoAccount();
  }

  /** Creates the demo account unless it exists; safe to run on every start and from several instances. */
  async seedDemoUser(): Promise<void> {
    const existing = await this.findByEmail(DEMO_USER.email);
    if (existing) return;
    try {
      await this.create(DEMO_USER.email, DEMO_USER.password);
      this.logger.log(`Demo account ${DEMO_USER.email} created`);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
    }
  }

  /**
   * In production, at every start: a demo account that still opens with its
   * known password is announced as a warning, whether SEED_DEMO_USER made it
   * now or once before (the account stays in the database after the
   * variable is turned off). Refusing to start instead would break what the
   * README offers (`SEED_DEMO_USER=true docker compose up` to try the app in
   * its production form); a loud line at each start keeps it from going
   * unnoticed, and stops once the account is gone or its password changed.
   */
  private async warnOfDemoAccount(): Promise<void> {
    const demo = await this.findForLogin(DEMO_USER.email);
    if (
      !demo ||
      !(await this.passwords.verify(demo.passwordHash, DEMO_USER.password))
    )
      return;
    this.logger.warn(
      `The demo account ${DEMO_USER.email} / ${DEMO_USER.password} exists in production: anyone can log in with it. Delete it from the users collection (or start with an empty database) before anyone else can reach this app.`,
    );
  }

  /**
   * A registration: hashes first, then inserts, so a taken email (refused by
   * the unique index) costs what a new one costs. The new account, or null
   * when the address has one already (its password is left alone).
   */
  async register(
    email: string,
    password: string,
  ): Promise<UserDocument | null> {
    const passwordHash = await this.passwords.hash(password);
    try {
      return await this.users.create({
        email: normaliseEmail(email),
        passwordHash,
      });
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
  }

  /**
   * The account with this email, as login needs it: its ID, email and
   * password hash, read as plain data (a login checks it, nothing changes it).
   */
  findForLogin(email: string): Promise<LoginUser | null> {
    return this.loginUser({ email: normaliseEmail(email) });
  }

  /** The account with this id, as findForLogin() reads it (to check the current password). */
  findByIdForLogin(id: string): Promise<LoginUser | null> {
    return this.loginUser({ _id: id });
  }

  private async loginUser(
    filter: { email: string } | { _id: string },
  ): Promise<LoginUser | null> {
    const user = await this.users
      .findOne(filter)
      .select({ email: 1, passwordHash: 1 })
      .setOptions({ sanitizeFilter: true })
      .lean()
      .exec();
    return user
      ? {
          id: String(user._id),
          email: user.email,
          passwordHash: user.passwordHash,
        }
      : null;
  }

  async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.users
      .updateOne({ _id: id }, { $set: { passwordHash } })
      .setOptions({ sanitizeFilter: true })
      .exec();
  }

  findByEmail(email: string): Promise<UserDocument | null> {
    return this.users
      .findOne({ email: normaliseEmail(email) })
      .setOptions({ sanitizeFilter: true })
      .exec();
  }

  /** Creates an account; EmailTakenError when the address has one (checked by the unique index, so races are caught too). */
  async create(email: string, password: string): Promise<UserDocument> {
    const user = await this.register(email, password);
    if (!user) throw new EmailTakenError(email);
    return user;
  }
}
