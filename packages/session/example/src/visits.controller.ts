import { Controller, Get, HttpCode, Post, Req, Session } from '@nestjs/common';
import { SessionService, type RequestSession } from '@nest-sessions/session';
import type { Request } from 'express';

// The keys this app keeps in its sessions: anything else does not compile.
declare module '@nest-sessions/session' {
  interface SessionData {
    visits?: number;
    user?: string;
  }
}

@Controller()
export class VisitsController {
  constructor(private readonly sessions: SessionService) {}

  /** Counts this visitor's visits: parallel requests all count. */
  @Get('visits')
  visits(@Session() session: RequestSession) {
    return { visits: this.sessions.increment(session, 'visits') };
  }

  /** A new session ID at login, against fixation; the visitor's data comes along. */
  @Post('login')
  @HttpCode(200)
  login(@Req() req: Request) {
    this.sessions.regenerate(req, { carry: 'all' });
    req.session.user = 'ada';
    return { user: req.session.user };
  }

  /** Ends the session: its record is deleted, and the visitor starts afresh. */
  @Post('logout')
  @HttpCode(200)
  logout(@Req() req: Request) {
    this.sessions.regenerate(req, { carry: [] });
    return { user: null };
  }

  @Get('me')
  me(@Session() session: RequestSession) {
    return { user: session.user ?? null, visits: session.visits ?? 0 };
  }
}
