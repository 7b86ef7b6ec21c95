import type { StoredSession } from '../../session/stores/stored-session.js';
import {
  shortId,
  storedSessionView,
  withoutSecrets,
} from './stored-session-view.js';

describe('stored-session panel', () => {
  it('removes CSRF material and password data at any depth, and lists what it removed', () => {
    const hidden: string[] = [];
    const shown = withoutSecrets(
      {
        count: 1,
        csrfSecret: 'a',
        user: { email: 'e@x.ch', passwordHash: 'b' },
        list: [{ token: 'c', keep: 1 }],
      },
      hidden,
      'session',
    );
    expect(shown).toEqual({
      count: 1,
      user: { email: 'e@x.ch' },
      list: [{ keep: 1 }],
    });
    expect(hidden).toEqual([
      'session.csrfSecret',
      'session.user.passwordHash',
      'session.list[0].token',
    ]);
  });

  it('shows the stored data without secrets, and the changed keys but secret ones', () => {
    const stored: StoredSession = {
      key: 'abcdef0123456789',
      data: { cookie: {}, count: 2, csrfSecret: 'x' },
      createdAt: new Date(1000),
      expires: new Date(5000),
      lastModified: new Date(2000),
      lastSeenAt: new Date(2000),
      userId: null,
      client: null,
      deadline: null,
      raw: {},
      bytes: 120,
    };
    const view = storedSessionView(stored, ['count', 'csrfSecret']);
    expect(view.keys).toEqual(['cookie', 'count']);
    expect(view.hiddenKeys).toEqual(['session.csrfSecret']);
    expect(view.changedKeys).toEqual(['count']);
    expect(view.shortId).toBe('abcdef…');
    expect(JSON.parse(view.json)).toMatchObject({
      _id: 'abcdef…',
      session: { count: 2 },
    });
  });

  it('shortens IDs to six characters', () => {
    expect(shortId('abcdefghijklmnop')).toBe('abcdef…');
    expect(shortId('')).toBe('');
  });
});
