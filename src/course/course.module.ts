import {
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { CourseController } from './course.controller.js';
import { CourseService } from './course.service.js';
import { TimeoutDemoService } from './timeout-demo.service.js';
import { TimeoutNoticeMiddleware } from './timeout-notice.middleware.js';

@Module({
  controllers: [CourseController],
  providers: [CourseService, TimeoutDemoService],
  exports: [CourseService],
})
export class CourseModule implements NestModule {
  // Module middleware runs after the app's own (configureApp), so the session is loaded.
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(TimeoutNoticeMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
