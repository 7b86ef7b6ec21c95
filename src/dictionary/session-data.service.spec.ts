import { FormException } from '../common/http/form-errors.js';
import { MAX_STORED_KEYS } from './dto/session-key.dto.js';
import { SessionDataService } from './session-data.service.js';
import type { RequestSession } from '@nest-sessions/session';

function sessionWith(data: Record<string, unknown>): RequestSession {
  return { cookie: {}, ...data } as unknown as RequestSession;
}

describe('SessionDataService', () => {
  const data = new SessionDataService();

  it('lists only the visitor keys', () => {
    const session = sessionWith({
      count: 1,
      loggedin: true,
      flashes: [],
      a: 'x',
    });
    expect(data.keys(session)).toEqual(['count', 'a']);
  });

  it('sets, gets and pops like a dict', () => {
    const session = sessionWith({});
    data.set(session, 'a', '1');
    expect(data.get(session, 'a')).toBe('1');
    expect(data.pop(session, 'a')).toEqual({ found: true, value: '1' });
    expect(data.pop(session, 'a')).toEqual({ found: false });
    expect(data.get(session, 'a')).toBeUndefined();
  });

  it('never touches internal keys or the names the session object uses', () => {
    const session = sessionWith({ loggedin: true });
    for (const key of [
      'loggedin',
      'user',
      'cookie',
      'id',
      'save',
      'touch',
      'constructor',
    ]) {
      expect(() => data.set(session, key, 'x')).toThrow(FormException);
      expect(data.pop(session, key)).toEqual({ found: false });
      expect(data.get(session, key)).toBeUndefined();
    }
    expect(session.loggedin).toBe(true);
  });

  it(`refuses key number ${MAX_STORED_KEYS + 1} but lets existing keys change`, () => {
    const session = sessionWith({});
    for (let i = 0; i < MAX_STORED_KEYS; i++) data.set(session, `k${i}`, 'v');
    expect(() => data.set(session, 'extra', 'v')).toThrow(
      `a session holds at most ${MAX_STORED_KEYS} keys`,
    );
    data.set(session, 'k0', 'changed');
    expect(data.get(session, 'k0')).toBe('changed');
    expect(data.keys(session)).toHaveLength(MAX_STORED_KEYS);
  });

  it('clear removes every key, the login included, and keeps the cookie', () => {
    const session = sessionWith({
      a: '1',
      loggedin: true,
      user: {},
      flashes: [],
    });
    data.clear(session);
    expect(Object.keys(session)).toEqual(['cookie']);
  });
});
