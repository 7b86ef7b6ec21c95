import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PasswordPolicy } from './password-policy.js';
import { PasswordService } from './password.service.js';
import { User, UserSchema } from './schemas/user.schema.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]),
  ],
  providers: [UsersService, PasswordService, PasswordPolicy],
  exports: [UsersService, PasswordService, PasswordPolicy],
})
export class UsersModule {}
