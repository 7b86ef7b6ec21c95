import { SetMetadata } from '@nestjs/common';

export const COURSE_PAGE_METADATA = 'nest-sessions:course-page';

/** Marks a controller whose rendered pages show the stored-session panel. */
export const CoursePage = (): ClassDecorator =>
  SetMetadata(COURSE_PAGE_METADATA, true);
