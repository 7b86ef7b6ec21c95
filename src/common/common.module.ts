import { Global, Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module.js';
import { ViewLocalsService } from './views/view-locals.service.js';

@Global()
@Module({
  imports: [SessionModule],
  providers: [ViewLocalsService],
  exports: [ViewLocalsService],
})
export class CommonModule {}
