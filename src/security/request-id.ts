import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's ID: in the X-Request-Id response header and in every authentication event. */
    requestId?: string;
  }
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What an ID given by a proxy may look like (no spaces, quotes or control characters to forge log lines with). */
const GIVEN_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request's ID, given on first use: sent back as X-Request-Id and
 * written in its log records, so an operator can follow one request from
 * the proxy's log to the app's. The proxy's own X-Request-Id is kept only
 * behind a trusted proxy (TRUST_PROXY=true, Express's `trust proxy`); a
 * client talking to the app directly could otherwise pin records on IDs of
 * its choosing. Given on use because the framework's security hook refuses
 * some requests before any middleware runs.
 */
export function requestIdOf(req: Request): string {
  if (req.requestId) return req.requestId;
  const given = req.app?.get('trust proxy')
    ? req.get(REQUEST_ID_HEADER)
    : undefined;
  req.requestId = given && GIVEN_ID.test(given) ? given : randomUUID();
  if (req.res && !req.res.headersSent)
    req.res.setHeader(REQUEST_ID_HEADER, req.requestId);
  return req.requestId;
}

/** Gives every request its ID (see requestIdOf). */
export const assignRequestId: RequestHandler = (
  req: Request,
  _res: Response,
  next: NextFunction,
) => {
  requestIdOf(req);
  next();
};
