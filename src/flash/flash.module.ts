import { Global, Module } from '@nestjs/common';
import { FlashService } from './flash.service.js';

@Global()
@Module({
  providers: [FlashService],
  exports: [FlashService],
})
export class FlashModule {}
