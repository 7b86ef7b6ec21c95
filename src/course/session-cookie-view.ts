import type { Request } from 'express';
import { shortId } from './stored-session-view.js';
import { rawCookie } from '../common/raw-cookie.js';
import type { RequestSession } from '@nest-sessions/session';

export interface SessionCookieView {
  present: boolean;
  name: string;
  /** `s:` marks a signed value. */
  prefix: string;
  shortId: string;
  idLength: number;
  shortSignature: string;
  signatureLength: number;
  /** Bytes the browser sends with every request: `name=value`. */
  bytes: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: string;
  path: string;
  /** Null: a browser-session cookie, dropped when the browser closes. */
  expires: Date | null;
}

/** The session cookie the browser sent, taken apart (the ID and signature shortened). */
export function describeSessionCookie(
  req: Request,
  name: string,
): SessionCookieView {
  const raw = rawCookie(req.headers.cookie, name);
  const options = (req.session as RequestSession | undefined)?.cookie;
  const attributes = {
    name,
    httpOnly: options?.httpOnly ?? true,
    secure: options?.secure === true,
    sameSite: String(options?.sameSite ?? 'lax'),
    path: options?.path ?? '/',
    expires: options?.expires ? new Date(options.expires) : null,
  };
  if (raw === undefined) {
    return {
      ...attributes,
      present: false,
      prefix: '',
      shortId: '',
      idLength: 0,
      shortSignature: '',
      signatureLength: 0,
      bytes: 0,
    };
  }
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    // A malformed cookie is shown as sent.
  }
  const signed = value.startsWith('s:');
  const body = signed ? value.slice(2) : value;
  const dot = body.lastIndexOf('.');
  const id = dot >= 0 ? body.slice(0, dot) : body;
  const signature = dot >= 0 ? body.slice(dot + 1) : '';
  return {
    ...attributes,
    present: true,
    prefix: signed ? 's:' : '',
    shortId: shortId(id),
    idLength: id.length,
    shortSignature: shortId(signature),
    signatureLength: signature.length,
    bytes: Buffer.byteLength(`${name}=${raw}`),
  };
}
