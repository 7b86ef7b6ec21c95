import type { SnippetId } from '../../src/course/code-snippets.js';
import type { FlaskCodeId } from '../../src/course/flask-code.js';

/** Each concept page: its place in the course, the course's Flask and this app's code it shows. */
export const CONCEPT_PAGES: {
  path: string;
  step: string;
  prev: string | null;
  next: string | null;
  flask: FlaskCodeId[];
  nest: SnippetId[];
  /** The page's live result (a data-testid). */
  live: string;
  loggedIn?: boolean;
}[] = [
  {
    path: '/course/what-is-a-session',
    live: 'server-side',
    step: 'Step 1 of 15',
    prev: null,
    next: '/session#set-heading',
    flask: ['configuration'],
    nest: ['session.module', 'session.middleware'],
  },
  {
    path: '/session',
    live: 'loggedin',
    step: 'Steps 2 to 4 of 15',
    prev: '/course/what-is-a-session',
    next: '/#counter',
    flask: ['storing', 'reading', 'removing'],
    nest: [
      'dictionary.setKey',
      'dictionary.set',
      'dictionary.read',
      'dictionary.pop',
      'dictionary.clear',
    ],
  },
  {
    path: '/',
    live: 'count',
    step: 'Step 5 of 15',
    prev: '/session#pop-heading',
    next: '/login',
    flask: ['counter'],
    nest: ['counter.index', 'counter.increment'],
  },
  {
    path: '/login',
    live: 'login-result',
    step: 'Step 6 of 15',
    prev: '/#counter',
    next: '/secret',
    flask: ['login'],
    nest: ['auth.authenticate', 'auth.logIn', 'auth.afterLogin'],
  },
  {
    path: '/secret',
    live: 'protected-result',
    step: 'Step 7 of 15',
    prev: '/login',
    next: '/logout',
    flask: ['protected'],
    nest: ['auth.guard', 'auth.appGuard', 'auth.public', 'account.secret'],
    loggedIn: true,
  },
  {
    path: '/logout',
    live: 'keep-would-keep',
    step: 'Step 8 of 15',
    prev: '/secret',
    next: '/course/templates',
    flask: ['logout.keep', 'logout.clear'],
    nest: ['auth.logout', 'auth.logOut'],
  },
  {
    path: '/course/templates',
    live: 'template-output',
    step: 'Step 9 of 15',
    prev: '/logout',
    next: '/course/timeout',
    flask: ['templates'],
    nest: ['templates.view', 'templates.locals'],
  },
  {
    path: '/course/timeout',
    live: 'expires-at',
    step: 'Step 10 of 15',
    prev: '/course/templates',
    next: '/course/redirect',
    flask: ['timeout'],
    nest: [
      'timeout.expiry',
      'timeout.permanent',
      'timeout.demo',
      'auth.freshLogin',
      'account.revokeOthers',
    ],
  },
  {
    path: '/course/redirect',
    live: 'redirect-link',
    step: 'Step 11 of 15',
    prev: '/course/timeout',
    next: '/course/url-for',
    flask: ['redirect'],
    nest: ['redirect.handler'],
  },
  {
    path: '/course/url-for',
    live: 'url-for-examples',
    step: 'Step 12 of 15',
    prev: '/course/redirect',
    next: '/course/flash',
    flask: ['urlFor', 'urlFor.template'],
    nest: ['urlFor.service', 'urlFor.helper', 'urlFor.view'],
  },
  {
    path: '/course/flash',
    live: 'flash-categories',
    step: 'Step 13 of 15',
    prev: '/course/url-for',
    next: '/course/flash/messages',
    flask: ['flash'],
    nest: ['flash.flash', 'flash.handler'],
  },
  {
    path: '/course/flash/messages',
    live: 'flashed-returned',
    step: 'Step 14 of 15',
    prev: '/course/flash',
    next: '/course/cookie-vs-session',
    flask: ['getFlashedMessages'],
    nest: ['flashes.view', 'flashes.read', 'flashes.locals'],
  },
  {
    path: '/course/cookie-vs-session',
    live: 'claims',
    step: 'Step 15 of 15',
    prev: '/course/flash/messages',
    next: null,
    flask: ['cookieVsSession'],
    nest: ['cookie.attributes', 'session.middleware', 'cookie.document'],
  },
];
