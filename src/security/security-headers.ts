import type { SecurityHeadersOptions } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * The options of `app.useSecurityHeaders()` (helmet 8's headers and
 * defaults, set by the framework): a strict Content-Security-Policy, with
 * scripts only from this origin (no inline scripts), forms only to this
 * origin, no framing. HSTS only in production, which runs behind HTTPS.
 * X-Powered-By is removed.
 */
export function securityHeaderOptions(
  isProduction: boolean,
): SecurityHeadersOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        // Pages only use same-origin relative URLs; upgrading them would break
        // plain-HTTP localhost, where browsers still accept Secure cookies.
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: isProduction,
    xFrameOptions: { action: 'deny' },
    // Not the default no-referrer: under it browsers send `Origin: null` with
    // every form POST, which the cross-origin check must refuse. same-origin
    // still sends nothing to other sites.
    referrerPolicy: { policy: 'same-origin' },
  };
}

/**
 * Every answer of the app's own routes is `no-store` (static files, served
 * before this, keep their caching): every page shows session data (the
 * flash messages, the counter, the dictionary, the stored-session panel) or
 * holds a form with a CSRF token bound to the visitor's cookie, logged in or
 * not, and none may be kept by a browser or a shared cache for someone else.
 * One rule for all, so that no page can forget it.
 */
export function noStore(
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
