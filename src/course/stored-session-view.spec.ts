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

  it('shows the cookie as express-session writes it (expires, never _expires) and the keys in one order', () => {
    const record = (session: Record<string, unknown>) => ({
      key: 'abcdef0123456789',
      record: {
        _id: 'abcdef0123456789',
        session,
        expires: new Date(5000),
        lastModified: new Date(2000),
        createdAt: new Date(1000),
      },
    });
    const expires = '2026-12-07T10:00:00.000Z';
    // The cookie object a regenerated session holds in memory, keys set in another order.
    const inMemory = storedSessionView(
      record({
        user: { email: 'e@x.ch' },
        cookie: {
          path: '/',
          _expires: expires,
          httpOnly: true,
          originalMaxAge: 1800000,
        },
        count: 1,
        loggedin: true,
      }),
      [],
      'mongodb',
    );
    // The same, as toJSON() gives it.
    const asJson = storedSessionView(
      record({
        count: 1,
        loggedin: true,
        cookie: {
          originalMaxAge: 1800000,
          expires,
          httpOnly: true,
          path: '/',
        },
        user: { email: 'e@x.ch' },
      }),
      [],
      'mongodb',
    );
    expect(inMemory.json).toBe(asJson.json);
    expect(inMemory.json).not.toContain('_expires');
    expect(inMemory.keys).toEqual(['cookie', 'count', 'loggedin', 'user']);
    expect(Object.keys(JSON.parse(inMemory.json).session.cookie)).toEqual([
      'originalMaxAge',
      'expires',
      'httpOnly',
      'path',
    ]);
  });

  it('orders a Redis hash: the cookie, the data, then the times', () => {
    const view = storedSessionView(
      {
        key: 'abcdef0123456789',
        record: {
          key: 'sess:{abcdef0123456789}',
          type: 'hash',
          fields: {
            lastModified: '2000',
            'd:user': '{"email":"e@x.ch"}',
            expires: '5000',
            cookie: '{"path":"/","_expires":"2026-12-07T10:00:00.000Z"}',
            'd:count': '2',
            createdAt: '1000',
          },
        },
      },
      [],
      'redis',
    );
    const fields = JSON.parse(view.json).fields as Record<string, string>;
    expect(Object.keys(fields)).toEqual([
      'cookie',
      'd:count',
      'd:user',
      'createdAt',
      'expires',
      'lastModified',
    ]);
    expect(JSON.parse(fields.cookie)).toEqual({
      originalMaxAge: null,
      expires: '2026-12-07T10:00:00.000Z',
      path: '/',
    });
    // The first request's cookie, without them, reads as the next one's.
    const first = storedSessionView(
      {
        key: 'abcdef0123456789',
        record: { _id: 'abcdef0123456789', session: { cookie: { path: '/' } } },
      },
      [],
      'mongodb',
    );
    expect(JSON.parse(first.json).session.cookie).toEqual({
      originalMaxAge: null,
      expires: null,
      path: '/',
    });
  });

  it('shortens IDs to six characters', () => {
    expect(shortId('abcdefghijklmnop')).toBe('abcdef…');
    expect(shortId('')).toBe('');
  });
});
