import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';

/** The CSRF token of the first form in a page. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1];
}

/**
 * Submits a form as a browser does: loads the page that shows it (for the
 * CSRF token and cookie), then posts the fields with that token.
 */
export async function submitForm(
  agent: TestAgent,
  pagePath: string,
  action: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf(page.text) });
}
