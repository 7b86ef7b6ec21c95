import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { rawCookie } from '../session/raw-cookie.js';
import { UrlForService } from '../common/routing/url-for.service.js';
import {
  SessionService,
  type RequestSession,
} from '../session/session.service.js';
import { shortId } from '../common/views/stored-session-panel.js';

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

/** The figures and facts the course pages show. */
@Injectable()
export class CourseService {
  constructor(
    private readonly sessions: SessionService,
    private readonly urls: UrlForService,
  ) {}

  timeouts(session: RequestSession | undefined) {
    const createdAt = session && this.sessions.createdAt(session);
    return {
      idleMinutes: round(this.sessions.idleMs / 60_000),
      absoluteHours: round(this.sessions.absoluteMs / 3_600_000),
      createdAt: createdAt === undefined ? null : new Date(createdAt),
      expiresAt: (session && this.sessions.expiresAt(session)) ?? null,
      permanent: session ? this.sessions.isPermanent(session) : false,
    };
  }

  /** The routes url_for knows, pages first. */
  namedRoutes() {
    return this.urls
      .list()
      .map(({ name, method, path }) => ({ name, method, path }))
      .sort(
        (a, b) => a.path.localeCompare(b.path) || a.name.localeCompare(b.name),
      );
  }

  /** Which database keeps the sessions. */
  sessionStore(): 'mongodb' | 'redis' {
    return this.sessions.store.kind;
  }

  /** The name of the "logged in" marker cookie, when the browser sent it. */
  loginCookie(req: Request): string | null {
    return this.sessions.hasLoginCookie(req)
      ? this.sessions.loginCookieName
      : null;
  }

  /** The session cookie the browser sent, taken apart (the ID and signature shortened). */
  sessionCookie(req: Request): SessionCookieView {
    const name = this.sessions.cookieName;
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
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
