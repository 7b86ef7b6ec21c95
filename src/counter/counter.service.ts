import { Injectable } from '@nestjs/common';
import type { SessionData } from 'express-session';

type CounterSession = Partial<Pick<SessionData, 'count'>>;

/** The course's example: `session['count'] = session.get('count', 0) + 1`. */
@Injectable()
export class CounterService {
  increment(session: CounterSession): number {
    const current = Number(session.count ?? 0);
    const count =
      Number.isSafeInteger(current) && current >= 0 ? current + 1 : 1;
    session.count = count;
    return count;
  }

  /** Removes the counter; true when there was one. */
  reset(session: CounterSession): boolean {
    const had = session.count !== undefined;
    delete session.count;
    return had;
  }
}
