import { Injectable } from '@nestjs/common';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import type { RequestHandler } from 'express';
import onHeaders from 'on-headers';
import { rawCookie } from '../common/raw-cookie.js';
import { FlashService } from '../flash/flash.service.js';

/**
 * A second cookie, `<session cookie>_login`, that says "this browser is
 * logged in" and nothing else. A request that brings it without a login
 * comes from a browser whose login ended without it logging out (the
 * session expired, or was ended elsewhere): the visitor is told so, even
 * when the expired record was removed long ago. It holds no secret and no
 * ID; a forged one only shows its sender a notice.
 */
@Injectable()
export class LoginMarker {
  constructor(
    private readonly sessions: SessionService,
    private readonly flash: FlashService,
  ) {}

  get cookieName(): string {
    return `${this.sessions.cookieName}_login`;
  }

  /** Whether the browser sent the marker. */
  sentBy(req: { headers: { cookie?: string } }): boolean {
    return rawCookie(req.headers.cookie, this.cookieName) !== undefined;
  }

  /** After the session middleware: the notice, and the marker kept in step with the session. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const current = req.session as RequestSession | undefined;
      // The session could not be loaded (database down): nothing is known, nothing changes.
      if (!current) return next();
      const sent = this.sentBy(req);
      if (sent && current.loggedin !== true)
        this.flash.flash(current, 'Your session has expired', 'warning');
      onHeaders(res, () => {
        const loggedIn = req.session?.loggedin === true;
        if (!req.session || loggedIn === sent) return;
        const attributes = this.sessions.cookieOptions;
        if (loggedIn) res.cookie(this.cookieName, '1', attributes);
        else res.clearCookie(this.cookieName, attributes);
      });
      next();
    };
  }
}
