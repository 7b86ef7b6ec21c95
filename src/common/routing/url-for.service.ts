import { Injectable, OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { compile, parse, type ParamData } from 'path-to-regexp';
import { ROUTE_NAME_METADATA } from './route-name.decorator.js';

export type UrlValue = string | number | boolean | null | undefined;
export type UrlValues = Record<string, UrlValue>;

export interface NamedRoute {
  name: string;
  method: string;
  path: string;
  handler: string;
}

interface CompiledRoute extends NamedRoute {
  params: ReadonlySet<string>;
  /** Wildcard parameters (`*path`): path-to-regexp wants their segments as an array. */
  wildcards: ReadonlySet<string>;
  build: (params: ParamData) => string;
  /** Other methods of the same path under this name (a form's POST beside its GET). */
  alsoAs: NamedRoute[];
  /** The path of a route without parameters, built once (most links of a page). */
  staticPath?: string;
}

/** A route name that no route has, or a route built without its parameters. */
export class UrlBuildError extends Error {
  override name = 'UrlBuildError';
}

/**
 * Flask's url_for(): every route has a name (its handler's method name, or
 * @RouteName), and URLs are built from names, so moving a route never leaves
 * a stale link. Names are collected once at start-up; two routes with one
 * name stop the start-up.
 */
@Injectable()
export class UrlForService implements OnModuleInit {
  private readonly routes = new Map<string, CompiledRoute>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      const metatype = wrapper.metatype;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      const base = firstPath(
        this.reflector.get<string | string[]>(PATH_METADATA, metatype),
      );
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[
          methodName
        ] as () => unknown;
        const routePath = this.reflector.get<string | string[] | undefined>(
          PATH_METADATA,
          handler,
        );
        if (routePath === undefined) continue;
        const requestMethod = this.reflector.get<RequestMethod>(
          METHOD_METADATA,
          handler,
        );
        const name =
          this.reflector.get<string | undefined>(
            ROUTE_NAME_METADATA,
            handler,
          ) ?? methodName;
        this.add({
          name,
          method: RequestMethod[requestMethod] ?? 'GET',
          path: joinPaths(base, firstPath(routePath)),
          handler: `${metatype.name}.${methodName}`,
        });
      }
    }
  }

  /** Every named route, for diagnostics and tests: one entry per method (a form's GET and POST are two). */
  list(): NamedRoute[] {
    return [...this.routes.values()].flatMap(
      ({ name, method, path, handler, alsoAs }) => [
        { name, method, path, handler },
        ...alsoAs,
      ],
    );
  }

  has(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * The path of the route called `name`. Values whose names are route
   * parameters fill the path; the others, and `query`, become the query string
   * (as Flask's url_for does with unknown arguments).
   */
  urlFor(name: string, values: UrlValues = {}, query: UrlValues = {}): string {
    const route = this.routes.get(name);
    if (!route) {
      throw new UrlBuildError(`url_for: no route is named "${name}"`);
    }
    if (route.staticPath !== undefined && isEmpty(values) && isEmpty(query))
      return route.staticPath;
    const params: ParamData = {};
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null) continue;
      if (route.wildcards.has(key))
        params[key] = String(value).split('/').filter(Boolean);
      else if (route.params.has(key)) params[key] = String(value);
      else search.append(key, String(value));
    }
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null)
        search.append(key, String(value));
    }
    let path: string;
    try {
      path = route.build(params);
    } catch (error) {
      throw new UrlBuildError(
        `url_for("${name}"): ${(error as Error).message}`,
      );
    }
    const queryString = search.toString();
    return queryString ? `${path}?${queryString}` : path;
  }

  private add(route: NamedRoute): void {
    const existing = this.routes.get(route.name);
    if (existing) {
      if (existing.path === route.path) {
        // GET and POST of one path under one name (e.g. a form and its submission) are one URL.
        existing.alsoAs.push(route);
        return;
      }
      throw new UrlBuildError(
        `Two routes are named "${route.name}": ${existing.handler} (${existing.path}) and ${route.handler} (${route.path}); give one of them @RouteName('…')`,
      );
    }
    const tokens = parse(route.path).tokens;
    const namesOf = (type: 'param' | 'wildcard') =>
      tokens
        .filter((token) => token.type === type)
        .map((token) => (token as { name: string }).name);
    const wildcards = new Set(namesOf('wildcard'));
    const params = new Set([...namesOf('param'), ...wildcards]);
    const build = compile(route.path);
    this.routes.set(route.name, {
      ...route,
      params,
      wildcards,
      build,
      staticPath: params.size === 0 ? build({}) : undefined,
      alsoAs: [],
    });
  }
}

function isEmpty(values: UrlValues): boolean {
  for (const key in values) if (Object.hasOwn(values, key)) return false;
  return true;
}

function firstPath(path: string | string[] | undefined): string {
  return (Array.isArray(path) ? path[0] : path) ?? '/';
}

function joinPaths(base: string, path: string): string {
  const joined = `/${[base, path]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return joined;
}
