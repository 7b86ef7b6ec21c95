import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { LoginMarker } from '../auth/login-marker.js';
import {
  UrlBuildError,
  UrlForService,
} from '../common/routing/url-for.service.js';
import { FLASHES_SESSION_KEY } from '../flash/flash.types.js';
import { message, type Message } from '../i18n/messages.js';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import { isSecretName } from '../common/secret-names.js';
import {
  describeSessionCookie,
  type SessionCookieView,
} from './session-cookie-view.js';

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

/** The figures and facts the course pages show. */
@Injectable()
export class CourseService {
  constructor(
    private readonly sessions: SessionService,
    private readonly urls: UrlForService,
    private readonly login: LoginMarker,
  ) {}

  /**
   * The limits and the session's own times. Not its end: the pages show the
   * end the save wrote (the view's `session.expiresAt`, as the panel does).
   */
  timeouts(session: RequestSession | undefined) {
    const createdAt = session && this.sessions.createdAt(session);
    return {
      idleMinutes: round(this.sessions.store.idleMs / 60_000),
      absoluteHours: round(this.sessions.store.absoluteMs / 3_600_000),
      createdAt: createdAt ?? null,
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
          (session as unknown as Record<string, unknown>)[key] !== undefined &&
          !isSecretName(key),
      )
      .sort();
  }

  /** Which database keeps the sessions. */
  sessionStore(): string {
    return this.sessions.store.kind;
  }

  /** The name of the "logged in" marker cookie, when the browser sent it. */
  loginCookie(req: Request): string | null {
    return this.login.sentBy(req) ? this.login.cookieName : null;
  }

  /** The session cookie the browser sent, taken apart (the ID and signature shortened). */
  sessionCookie(req: Request): SessionCookieView {
    return describeSessionCookie(req, this.sessions.cookieName);
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
