/**
 * Pages of other modules that show a concept and get the stored-session panel
 * (route names, i.e. handler method names). The course's own pages get it too.
 */
export const DEMO_PAGES: ReadonlySet<string> = new Set([
  'index',
  'sessionPage',
  'loginForm',
  'registerForm',
  'logoutPage',
  'secret',
  'userinfo',
]);
