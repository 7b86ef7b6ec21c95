import { Module } from '@nestjs/common';
import { SessionModule } from '../session/session.module.js';
import { CourseController } from './course.controller.js';
import { CourseService } from './course.service.js';
import { StoredSessionInterceptor } from './stored-session.interceptor.js';
import { StoredSessionService } from './stored-session.service.js';

@Module({
  imports: [SessionModule],
  controllers: [CourseController],
  providers: [CourseService, StoredSessionService, StoredSessionInterceptor],
  exports: [StoredSessionInterceptor, CourseService],
})
export class CourseModule {}
