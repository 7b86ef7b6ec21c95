import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet with a strict Content-Security-Policy: scripts only from this origin
 * (no inline scripts), forms only to this origin, no framing.
 * HSTS only in production, which runs behind HTTPS.
 */
export function securityHeaders(isProduction: boolean): RequestHandler {
  return helmet({
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
    // Not helmet's no-referrer: under it browsers send `Origin: null` with every
    // form POST, which the cross-site check must refuse. same-origin still sends
    // nothing to other sites.
    referrerPolicy: { policy: 'same-origin' },
  });
}

/** Pages shown to a logged-in visitor are never stored by browsers or proxies. */
export function noStoreWhenLoggedIn(
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (req.session?.loggedin === true)
    res.setHeader('Cache-Control', 'no-store');
  next();
}
