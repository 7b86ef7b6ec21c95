import type { en } from './en.js';
import { frCourse } from './fr/course.js';
import { frSite } from './fr/site.js';

export { frMessages } from './fr/messages.js';

/** French texts of the views: the same keys as the English catalogue (checked by the type). */
export const fr: typeof en = { ...frSite, ...frCourse };
