import {
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CourseController } from './course.controller.js';
import { CourseService } from './course.service.js';
import { CourseViews } from './course-views.js';
import { StoredSessionPanel } from './stored-session-panel.js';
import { TimeoutDemoService } from './timeout-demo.service.js';
import { TimeoutNoticeMiddleware } from './timeout-notice.middleware.js';

@Module({
  imports: [AuthModule],
  controllers: [CourseController],
  providers: [
    CourseService,
    CourseViews,
    TimeoutDemoService,
    StoredSessionPanel,
  ],
  exports: [CourseService, CourseViews, StoredSessionPanel],
})
export class CourseModule implements NestModule {
  // Module middleware runs after the app's own (configureApp), so the session is loaded.
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(TimeoutNoticeMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
