import { Injectable } from '@nestjs/common';
import { SessionService, type RequestSession } from '@nest-sessions/session';

declare module '@nest-sessions/session' {
  interface SessionData {
    /** The course's counter: visits to the home page. */
    count?: number;
  }
}

/** The course's example: `session['count'] = session.get('count', 0) + 1`. */
@Injectable()
export class CounterService {
  constructor(private readonly sessions: SessionService) {}

  /**
   * One more visit. Stored as an increment, so parallel requests of one
   * visitor all count; a count that is not a whole number of 0 or more
   * starts again at 1.
   */
  increment(session: RequestSession): number {
    const stored = session.count;
    if (stored === undefined || (Number.isSafeInteger(stored) && stored >= 0))
      return this.sessions.increment(session, 'count');
    // A count set as text through the dictionary page ("41") goes on from there.
    const current = Number(session.count ?? 0);
    const count =
      Number.isSafeInteger(current) && current >= 0 ? current + 1 : 1;
    session.count = count;
    return count;
  }

  /** Removes the counter; true when there was one. */
  reset(session: RequestSession): boolean {
    const had = session.count !== undefined;
    delete session.count;
    return had;
  }
}
