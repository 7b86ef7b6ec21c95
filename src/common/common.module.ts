import { Global, Module } from '@nestjs/common';
import { ViewLocalsService } from './views/view-locals.service.js';

@Global()
@Module({
  providers: [ViewLocalsService],
  exports: [ViewLocalsService],
})
export class CommonModule {}
