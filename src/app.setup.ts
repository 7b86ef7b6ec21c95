import { ValidationPipe } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SessionService } from '@nest-sessions/session';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { LoginMarker } from './auth/login-marker.js';
import { answerClientErrors } from './common/http/client-errors.js';
import { formExceptionFromValidation } from './common/http/form-errors.js';
import { UrlForService } from './common/routing/url-for.service.js';
import { createViewEngine } from './common/views/view-engine.js';
import { appConfig } from './config/app.config.js';
import { CourseViews } from './course/course-views.js';
import { securityConfig } from './config/security.config.js';
import { I18nService } from './i18n/i18n.service.js';
import { PROJECT_ROOT } from './project-root.js';
import { CsrfService } from './security/csrf.service.js';
import { treatLocalhostAsSecure } from './security/local-secure-cookie.js';
import {
  refuseDeepJson,
  refusePrototypeKeys,
  refusePrototypeKeysInForm,
  refuseUnsupportedBodies,
} from './security/request-guards.js';
import { assignRequestId } from './security/request-id.js';
import { noStore, securityHeaderOptions } from './security/security-headers.js';
import { DEMO_USER } from './users/users.service.js';

export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');

/** Body limits: requests beyond them get 413, never a 5xx. */
export const BODY_LIMIT = '100kb';
export const MAX_FORM_FIELDS = 1000;

/**
 * Everything main.ts does to the app besides listening, in one function that
 * the e2e tests call too, so they exercise the real configuration. The app must
 * be created with `{ bodyParser: false }`: the parsers are set up here.
 */
export function configureApp(
  app: NestExpressApplication,
): NestExpressApplication {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);

  const security = app.get<ConfigType<typeof securityConfig>>(
    securityConfig.KEY,
  );

  app.set('trust proxy', config.trustProxy ? 1 : false);
  answerClientErrors(app.getHttpServer());
  app.use(assignRequestId);

  // The framework's one security hook, first in the chain: every response
  // carries the headers (static files and error pages too), and a
  // state-changing request a browser marks as cross-origin is refused before
  // anything reads its body or its session (the CSRF tokens are the second
  // layer, below). Sec-Fetch-Site decides first; without it, Origin must match
  // Host (default ports ignored) or be one of TRUSTED_ORIGINS.
  app.useSecurityHeaders(securityHeaderOptions(config.isProduction));
  app.enableCsrfProtection({ trustedOrigins: security.trustedOrigins });

  // Static files first: they never touch the session store.
  // Under a prefix: mounted at the root, the static middleware would look for
  // a file on every request (about 8% of a page's CPU time in the benchmark).
  app.useStaticAssets(PUBLIC_DIR, {
    prefix: '/static/',
    index: false,
    maxAge: config.isProduction ? '1d' : 0,
  });

  // Browsers ask for /favicon.ico by themselves; the pages name /static/favicon.svg.
  app.use('/favicon.ico', (_req: Request, res: Response) => {
    res.redirect(301, '/static/favicon.svg');
  });
  // Everything from here on may show session data: never stored by a cache.
  app.use(noStore);

  // The language before anything can refuse the request: error pages are translated too.
  const language = app.get(I18nService).middleware();
  app.use(language.early);

  app.use(refuseUnsupportedBodies);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', {
    limit: BODY_LIMIT,
    extended: false,
    parameterLimit: MAX_FORM_FIELDS,
    // Nest's type leaves `verify` out because it sets its own when rawBody is
    // on; this app does not turn rawBody on, so body-parser gets this one.
    ...({ verify: refusePrototypeKeysInForm } as object),
  });

  app.use(refuseDeepJson);
  app.use(refusePrototypeKeys);

  configureViews(app);
  // Every view (the login page, also when the filter renders it again) knows the
  // demo account when there is one: in development, or when SEED_DEMO_USER=true.
  app.setLocal('demoAccount', config.seedDemoUser ? DEMO_USER : null);
  // The confirmation page of sensitive actions says how recent a check must be.
  app.setLocal('freshLoginMinutes', security.freshLoginMs / 60_000);

  app.use(treatLocalhostAsSecure);
  app.use(app.get(SessionService).middleware());
  app.use(app.get(LoginMarker).middleware());
  app.use(language.withSession);
  for (const middleware of app.get(CsrfService).middleware()) {
    app.use(middleware);
  }

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: formExceptionFromValidation,
    }),
  );
  return app;
}

/** The app's view engine (helpers and partials: see createViewEngine), layout and views folder. */
function configureViews(app: NestExpressApplication): void {
  const engine = createViewEngine(
    app.get(UrlForService),
    app.get(I18nService),
    join(VIEWS_DIR, 'partials'),
    app.get(CourseViews).helpers,
  );

  app.engine(
    'hbs',
    (
      path: string,
      options: object,
      callback: (error: unknown, html?: string) => void,
    ) => {
      engine.__express(path, options, callback);
    },
  );
  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
}
