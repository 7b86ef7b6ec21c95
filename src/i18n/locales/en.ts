import { enCourse } from './en/course.js';
import { enSite } from './en/site.js';

export { enMessages } from './en/messages.js';

/** English texts of the views (site and course pages): one `translation` namespace. */
export const en = { ...enSite, ...enCourse };
