import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { rawCookie } from '../session/raw-cookie.js';
import {
  UrlBuildError,
  UrlForService,
} from '../common/routing/url-for.service.js';
import { FLASHES_SESSION_KEY } from '../flash/flash.types.js';
import { message, type Message } from '../i18n/messages.js';
import {
  SessionService,
  type RequestSession,
} from '../session/session.service.js';
import { SECRET_KEY, shortId } from '../common/views/stored-session-panel.js';

/** The url_for form's limits: a name and a few values, never a page of text. */
export const MAX_ROUTE_NAME_LENGTH = 100;
export const MAX_URL_VALUES_LENGTH = 500;
export const MAX_URL_VALUES = 10;

/** What the url_for form built, or why it could not. */
export interface UrlForView {
  name: string;
  values: string;
  /** The call as the course writes it: `url_for('revokeSession', ref='abc')`. */
  call: string;
  url?: string;
  /** UrlForService's own error text (a BuildError in Flask), shown as it is. */
  buildError?: string;
  /** The form itself was not understood. */
  formError?: Message;
}

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
        (a, b) =>
          a.path.localeCompare(b.path) ||
          a.name.localeCompare(b.name) ||
          a.method.localeCompare(b.method),
      );
  }

  /**
   * `url_for(name, **values)` from the url_for page's form: the values as
   * `key=value`, separated by commas or `&`.
   */
  buildUrl(name: unknown, values: unknown): UrlForView {
    const nameText = typeof name === 'string' ? name.trim() : '';
    const valuesText = typeof values === 'string' ? values.trim() : '';
    const view = (parsed: [string, string][] = []): UrlForView => ({
      name: nameText.slice(0, MAX_ROUTE_NAME_LENGTH),
      values: valuesText.slice(0, MAX_URL_VALUES_LENGTH),
      call: callOf(nameText.slice(0, MAX_ROUTE_NAME_LENGTH), parsed),
    });
    if (
      nameText === '' ||
      nameText.length > MAX_ROUTE_NAME_LENGTH ||
      valuesText.length > MAX_URL_VALUES_LENGTH
    )
      return {
        ...view(),
        formError: message(
          'Give a route name (at most %{name} characters) and values (at most %{values} characters)',
          { name: MAX_ROUTE_NAME_LENGTH, values: MAX_URL_VALUES_LENGTH },
        ),
      };
    const parsed = parseValues(valuesText);
    if ('refused' in parsed)
      return {
        ...view(),
        formError: message(
          'Write each value as name=value, separated by commas: "%{part}" is not one',
          { part: parsed.refused.slice(0, 60) },
        ),
      };
    const built = view(parsed.pairs);
    try {
      return {
        ...built,
        url: this.urls.urlFor(nameText, Object.fromEntries(parsed.pairs)),
      };
    } catch (error) {
      if (!(error instanceof UrlBuildError)) throw error;
      return { ...built, buildError: error.message };
    }
  }

  /** The route names, for the form's suggestions. */
  routeNames(): string[] {
    return [...new Set(this.urls.list().map((route) => route.name))].sort();
  }

  /**
   * The keys the session holds now (the visitor's and the app's), without the
   * cookie, secrets and the flash messages this very page shows and removes:
   * what the timeout demo takes away.
   */
  heldKeys(session: RequestSession | undefined): string[] {
    if (!session) return [];
    return Object.keys(session)
      .filter(
        (key) =>
          key !== 'cookie' &&
          key !== FLASHES_SESSION_KEY &&
          session[key] !== undefined &&
          !SECRET_KEY.test(key),
      )
      .sort();
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

type ParsedValues = { pairs: [string, string][] } | { refused: string };

const VALUE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** `a=1, b=x` (or `a=1&b=x`) as pairs; the first part that is not `name=value` is refused. */
function parseValues(text: string): ParsedValues {
  const pairs: [string, string][] = [];
  for (const part of text.split(/[,&]/)) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    if (!VALUE_NAME.test(name) || pairs.length >= MAX_URL_VALUES)
      return { refused: trimmed };
    pairs.push([name, unquote(trimmed.slice(eq + 1).trim())]);
  }
  return { pairs };
}

/** `'abc'` or `"abc"` as Python writes them: the text inside. */
function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

function callOf(name: string, pairs: [string, string][]): string {
  const quote = (text: string) =>
    `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const args = [
    quote(name),
    ...pairs.map(([key, value]) => `${key}=${quote(value)}`),
  ];
  return `url_for(${args.join(', ')})`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
