import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { MongoServerError } from 'mongodb';
import type { Model } from 'mongoose';
import { appConfig } from '../config/app.config.js';
import { normaliseEmail } from './email.js';
import { PasswordService } from './password.service.js';
import { User, type UserDocument } from './schemas/user.schema.js';

/** The course's demo account, created at start-up when SEED_DEMO_USER is on. */
export const DEMO_USER = { email: 'admin@nomades.ch', password: '1234' };

/** Registration of an address that already has an account. */
export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

// Kept importable from here for the login throttle.
export { normaliseEmail };

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

  /** The user with this email, password hash included (for login only). */
  findForLogin(email: string): Promise<UserDocument | null> {
    return this.users
      .findOne({ email: normaliseEmail(email) })
      .select('+passwordHash')
      .setOptions({ sanitizeFilter: true })
      .exec();
  }

  /** The user with this id, password hash included (to check the current password). */
  findByIdForLogin(id: string): Promise<UserDocument | null> {
    return this.users
      .findById(id)
      .select('+passwordHash')
      .setOptions({ sanitizeFilter: true })
      .exec();
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
    const normalised = normaliseEmail(email);
    if (await this.findByEmail(normalised)) throw new EmailTakenError(email);
    const passwordHash = await this.passwords.hash(password);
    try {
      return await this.users.create({ email: normalised, passwordHash });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000)
        throw new EmailTakenError(email);
      throw error;
    }
  }

  async recordLogin(id: string, at: Date): Promise<void> {
    await this.users
      .updateOne({ _id: id }, { $set: { lastLoginAt: at } })
      .setOptions({ sanitizeFilter: true })
      .exec();
  }
}
