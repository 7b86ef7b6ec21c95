/** One concept of the Flask sessions course, where this app shows it. */
export interface CourseStep {
  /** What pages call it (`{{> course/step-nav step='login'}}`). */
  key: string;
  /** Its name in the views' catalogue. */
  titleKey: string;
  /** The page's route name (url_for) and, when the page shows several, the section's id. */
  route: string;
  hash?: string;
}

/** The course's concepts in its own order: the home page's list and each page's previous and next. */
export const COURSE_STEPS: readonly CourseStep[] = [
  { key: 'session', titleKey: 'concepts.session', route: 'whatIsASession' },
  {
    key: 'storing',
    titleKey: 'concepts.storing',
    route: 'sessionPage',
    hash: 'set-heading',
  },
  {
    key: 'reading',
    titleKey: 'concepts.reading',
    route: 'sessionPage',
    hash: 'get-heading',
  },
  {
    key: 'removing',
    titleKey: 'concepts.removing',
    route: 'sessionPage',
    hash: 'pop-heading',
  },
  {
    key: 'counter',
    titleKey: 'concepts.counter',
    route: 'index',
    hash: 'counter',
  },
  { key: 'login', titleKey: 'concepts.login', route: 'login' },
  { key: 'protected', titleKey: 'concepts.protected', route: 'secret' },
  { key: 'logout', titleKey: 'concepts.logout', route: 'logout' },
  { key: 'templates', titleKey: 'concepts.templates', route: 'templatesDemo' },
  { key: 'timeout', titleKey: 'concepts.timeout', route: 'timeoutDemo' },
  { key: 'redirect', titleKey: 'concepts.redirect', route: 'redirectDemo' },
  { key: 'urlFor', titleKey: 'concepts.urlFor', route: 'urlForDemo' },
  { key: 'flash', titleKey: 'concepts.flash', route: 'flashDemo' },
  {
    key: 'getFlashedMessages',
    titleKey: 'concepts.getFlashedMessages',
    route: 'flashedMessagesDemo',
  },
  {
    key: 'cookieVsSession',
    titleKey: 'concepts.cookieVsSession',
    route: 'cookieVsSession',
  },
];
