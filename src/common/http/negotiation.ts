import type { Request } from 'express';

/** Whether the client asked for JSON rather than a page (Accept: application/json). */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}
