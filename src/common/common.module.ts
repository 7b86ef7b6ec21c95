import { Global, Module } from '@nestjs/common';
import { StoredSessionPanel } from './views/stored-session-panel.js';
import { ViewLocalsService } from './views/view-locals.service.js';

@Global()
@Module({
  providers: [ViewLocalsService, StoredSessionPanel],
  exports: [ViewLocalsService, StoredSessionPanel],
})
export class CommonModule {}
