import { COURSE_STEPS } from './course-steps.js';
import { courseViewHelpers, type StepView } from './course-views.js';
import { loadCodeSnippets } from './code-snippets.js';

describe('The course pages’ view helpers', () => {
  const urls = {
    urlFor: (name: string) =>
      ({
        whatIsASession: '/course/what-is-a-session',
        sessionPage: '/session',
        index: '/',
        login: '/login',
        cookieVsSession: '/course/cookie-vs-session',
        flashedMessagesDemo: '/course/flash/messages',
      })[name] ?? `/${name}`,
  };
  const helpers = courseViewHelpers(urls, loadCodeSnippets());
  // Handlebars passes its options last.
  const options = {};
  const step = (...names: string[]) =>
    (helpers.courseStep as (...args: unknown[]) => StepView)(...names, options);
  const call = (name: string, ...args: unknown[]) =>
    (helpers[name] as (...args: unknown[]) => unknown)(...args, options);

  it('lists the steps in the course’s order, with their sections', () => {
    const steps = call('courseSteps') as { number: number; href: string }[];
    expect(steps).toHaveLength(COURSE_STEPS.length);
    expect(steps.slice(0, 5).map(({ number, href }) => [number, href])).toEqual(
      [
        [1, '/course/what-is-a-session'],
        [2, '/session#set-heading'],
        [3, '/session#get-heading'],
        [4, '/session#pop-heading'],
        [5, '/#counter'],
      ],
    );
  });

  it('places a page of one step between its neighbours', () => {
    expect(step('login')).toMatchObject({
      first: { number: 6, href: '/login' },
      range: false,
      total: 15,
      prev: { number: 5, titleKey: 'concepts.counter', href: '/#counter' },
      next: { number: 7, titleKey: 'concepts.protected' },
    });
  });

  it('places a page of several steps between the step before the first and the one after the last', () => {
    expect(step('storing', 'removing')).toMatchObject({
      first: { number: 2 },
      last: { number: 4 },
      range: true,
      prev: { number: 1, href: '/course/what-is-a-session' },
      next: { number: 5, href: '/#counter' },
    });
  });

  it('gives the first step no previous and the last no next', () => {
    expect(step('session').prev).toBeNull();
    expect(step('cookieVsSession').next).toBeNull();
    expect(step('cookieVsSession').prev).toMatchObject({
      href: '/course/flash/messages',
    });
  });

  it('throws on a name it does not know: the page fails rather than shows a gap', () => {
    expect(() => step('nowhere')).toThrow('No course step is named "nowhere"');
    expect(() => call('nestCode', 'auth.guard no.such')).toThrow(
      'No code snippet is named "no.such"',
    );
    expect(() => call('flaskCode', 'no.such')).toThrow(
      'No Flask code is named "no.such"',
    );
  });

  it('gives the code a page names, in its order, and none when it names none', () => {
    expect(
      (call('nestCode', 'auth.public  auth.guard') as { id: string }[]).map(
        ({ id }) => id,
      ),
    ).toEqual(['auth.public', 'auth.guard']);
    expect(call('flaskCode', undefined)).toEqual([]);
    expect(call('flaskCode', 'logout.keep logout.clear')).toMatchObject([
      { id: 'logout.keep', text: expect.stringContaining('= False') },
      { id: 'logout.clear', text: expect.stringContaining('session.clear()') },
    ]);
  });
});
