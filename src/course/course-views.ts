import { Injectable } from '@nestjs/common';
import { UrlForService } from '../common/routing/url-for.service.js';
import type { ViewHelpers } from '../common/views/view-engine.js';
import {
  loadCodeSnippets,
  type CodeSnippet,
  type SnippetId,
} from './code-snippets.js';
import { COURSE_STEPS, type CourseStep } from './course-steps.js';
import { FLASK_CODE, type FlaskCode } from './flask-code.js';

/** A step of the course as a link. */
export interface StepLink {
  number: number;
  titleKey: string;
  href: string;
}

/** Where a page stands in the course: its step (or steps), of how many, and its neighbours. */
export interface StepView {
  first: StepLink;
  last: StepLink;
  /** More than one step on the page (the dictionary page: storing, reading, removing). */
  range: boolean;
  total: number;
  prev: StepLink | null;
  next: StepLink | null;
}

/** The course pages' view helpers, with the app's code read once, at start-up. */
@Injectable()
export class CourseViews {
  readonly helpers: ViewHelpers;

  constructor(urls: UrlForService) {
    this.helpers = courseViewHelpers(urls, loadCodeSnippets());
  }
}

/**
 * The course pages' view helpers, for createViewEngine:
 *
 * - `{{#each (nestCode 'auth.guard auth.public')}}`: the app's code (see code-snippets.ts);
 * - `{{#each (flaskCode 'login')}}`: the course's Flask code (flask-code.ts);
 * - `{{#each (courseSteps)}}`: every step, in order, as links;
 * - `{{#with (courseStep 'storing' 'removing')}}`: a page's place in the course.
 *
 * An unknown name throws, so a page that names code it cannot show fails to
 * render (a 500 the tests see) rather than showing a gap.
 */
export function courseViewHelpers(
  urls: Pick<UrlForService, 'urlFor'>,
  snippets: ReadonlyMap<SnippetId, CodeSnippet>,
): ViewHelpers {
  const link = (step: CourseStep, index: number): StepLink => ({
    number: index + 1,
    titleKey: step.titleKey,
    href: urls.urlFor(step.route) + (step.hash ? `#${step.hash}` : ''),
  });
  const indexOf = (key: unknown): number => {
    const index = COURSE_STEPS.findIndex((step) => step.key === key);
    if (index < 0) throw new Error(`No course step is named "${String(key)}"`);
    return index;
  };
  return {
    nestCode: (ids: string): CodeSnippet[] =>
      names(ids).map((id) => {
        const snippet = snippets.get(id as SnippetId);
        if (!snippet) throw new Error(`No code snippet is named "${id}"`);
        return snippet;
      }),
    flaskCode: (ids: string): (FlaskCode & { id: string })[] =>
      names(ids).map((id) => {
        if (!Object.hasOwn(FLASK_CODE, id))
          throw new Error(`No Flask code is named "${id}"`);
        return { id, ...FLASK_CODE[id as keyof typeof FLASK_CODE] };
      }),
    courseSteps: (): StepLink[] => COURSE_STEPS.map(link),
    courseStep: (...args: unknown[]): StepView => {
      // The last argument is Handlebars' options.
      const [first, last = first] = args.slice(0, -1);
      const from = indexOf(first);
      const to = indexOf(last);
      return {
        first: link(COURSE_STEPS[from], from),
        last: link(COURSE_STEPS[to], to),
        range: to > from,
        total: COURSE_STEPS.length,
        prev: from > 0 ? link(COURSE_STEPS[from - 1], from - 1) : null,
        next:
          to + 1 < COURSE_STEPS.length
            ? link(COURSE_STEPS[to + 1], to + 1)
            : null,
      };
    },
  };
}

/** `'a b'` → `['a', 'b']`; none when the page names none. */
function names(ids: unknown): string[] {
  if (ids === undefined || ids === null) return [];
  if (typeof ids !== 'string') throw new Error('Name the code as a string');
  return ids.split(/\s+/).filter(Boolean);
}
