import { Module } from '@nestjs/common';
import { SessionDataController } from './session-data.controller.js';
import { SessionDataService } from './session-data.service.js';

/** The course's "session as a dictionary" page: set, get, pop and clear. */
@Module({
  controllers: [SessionDataController],
  providers: [SessionDataService],
})
export class DictionaryModule {}
