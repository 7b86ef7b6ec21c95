import { withoutSecrets } from '../common/secret-names.js';
import { shortId, storedSessionView } from './stored-session-view.js';

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

  it('shows a MongoDB document without secrets, and the changed keys but secret ones', () => {
    const view = storedSessionView(
      {
        key: 'abcdef0123456789',
        record: {
          _id: 'abcdef0123456789',
          session: { cookie: {}, count: 2, csrfSecret: 'x' },
          createdAt: new Date(1000),
          expires: new Date(5000),
          lastModified: new Date(2000),
        },
      },
      ['count', 'csrfSecret'],
      'mongodb',
    );
    expect(view.keys).toEqual(['cookie', 'count']);
    expect(view.hiddenKeys).toEqual(['session.csrfSecret']);
    expect(view.changedKeys).toEqual(['count']);
    expect(view.shortId).toBe('abcdef…');
    expect(view.expires).toEqual(new Date(5000));
    expect(JSON.parse(view.json)).toMatchObject({
      _id: 'abcdef…',
      session: { count: 2 },
    });
    expect(view.json).not.toContain('csrfSecret');
  });

  it('shows a Redis hash field by field, secrets left out', () => {
    const view = storedSessionView(
      {
        key: 'abcdef0123456789',
        record: {
          key: 'sess:{abcdef0123456789}',
          type: 'hash',
          fields: {
            cookie: '{}',
            'd:count': '2',
            'd:csrfSecret': '"x"',
            createdAt: '1000',
            expires: '5000',
            lastModified: '2000',
          },
        },
      },
      [],
      'redis',
    );
    expect(view.keys).toEqual(['cookie', 'count']);
    expect(view.createdAt).toEqual(new Date(1000));
    expect(JSON.parse(view.json)).toMatchObject({
      key: 'sess:{abcdef…}',
      fields: { 'd:count': '2' },
    });
    expect(view.json).not.toContain('csrfSecret');
  });

  it('shortens IDs to six characters', () => {
    expect(shortId('abcdefghijklmnop')).toBe('abcdef…');
    expect(shortId('')).toBe('');
  });
});
