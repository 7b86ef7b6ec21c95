import {
  changedKeys,
  shortId,
  withoutSecrets,
} from './stored-session.service.js';

describe('stored-session panel helpers', () => {
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

  it('names the keys a request added, changed or removed, not bookkeeping or secrets', () => {
    expect(
      changedKeys(
        { count: 1, gone: true, same: 'x', lastModified: 1, csrfSecret: 'a' },
        { count: 2, added: [1], same: 'x', lastModified: 2, csrfSecret: 'b' },
      ),
    ).toEqual(['added', 'count', 'gone']);
  });

  it('shortens IDs to six characters', () => {
    expect(shortId('abcdefghijklmnop')).toBe('abcdef…');
    expect(shortId('')).toBe('');
  });
});
