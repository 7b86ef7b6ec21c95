import { BadRequestException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MessageException } from '../common/http/message.exception.js';
import { message, type MessageTemplate } from '../i18n/messages.js';

export const MAX_JSON_DEPTH = 32;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const ACCEPTED_BODY_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
];

/** Bodies the app cannot read get 415 at once, before anything reads them. */
export function refuseUnsupportedBodies(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (!BODY_METHODS.has(req.method) || !hasBody || req.is(ACCEPTED_BODY_TYPES))
    return next();
  next(
    new MessageException(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      message('Unsupported content type "%{type}": send %{accepted}.', {
        type: req.get('content-type') ?? 'none',
        accepted: ACCEPTED_BODY_TYPES.join(' or '),
      }),
    ),
  );
}

/** JSON nested deeper than any form of the app is refused (deep nesting costs every walker of it). */
export function refuseDeepJson(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  if (
    req.body &&
    typeof req.body === 'object' &&
    depthOf(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH
  ) {
    return next(
      new MessageException(
        HttpStatus.BAD_REQUEST,
        message('The JSON body is nested more than %{max} levels deep.', {
          max: MAX_JSON_DEPTH,
        }),
      ),
    );
  }
  next();
}

/** Depth of nested objects and arrays, counting stops once past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const RESERVED_FIELD_MESSAGE =
  'The request body uses a reserved field name (__proto__, constructor or prototype).' satisfies MessageTemplate;

/** Keys that reach an object's prototype when merged or assigned. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Bodies with a `__proto__`, `constructor` or `prototype` key, at any depth,
 * get 400. class-transformer drops such keys silently, so the ValidationPipe's
 * forbidNonWhitelisted never sees them and the request went through as if they
 * were not there; refusing them keeps "an unknown field is a 400" true, and no
 * later merge of the body can meet them. Runs after refuseDeepJson (bounded depth).
 */
export function refusePrototypeKeys(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const body: unknown = req.body;
  if (body && typeof body === 'object' && hasPrototypeKey(body)) {
    return next(new BadRequestException(RESERVED_FIELD_MESSAGE));
  }
  next();
}

/**
 * The form parser's own check (body-parser's `verify`, given the raw body):
 * it drops a `__proto__` field without a word, so refusePrototypeKeys would
 * never see it. Refused here as the other reserved names are: a 400.
 */
export function refusePrototypeKeysInForm(
  _req: Request,
  _res: Response,
  raw: Buffer,
): void {
  for (const key of new URLSearchParams(raw.toString('utf8')).keys())
    if (PROTOTYPE_KEYS.has(key))
      throw Object.assign(new Error(RESERVED_FIELD_MESSAGE), {
        status: 400,
        expose: true,
      });
}

function hasPrototypeKey(value: object): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    for (const key of Object.keys(current)) {
      if (PROTOTYPE_KEYS.has(key)) return true;
      stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return false;
}
