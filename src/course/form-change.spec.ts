import {
  formOutcome,
  parseFormChange,
  type FormChange,
} from './form-change.js';

const cookie = (value: object) => encodeURIComponent(JSON.stringify(value));

describe('What a form post changed, told to the next page', () => {
  it('reads the keys changed, those removed, and the storage key before a new ID', () => {
    expect(
      parseFormChange(
        cookie({
          a: 'POST /logout',
          k: ['count', 'loggedin', 'user'],
          n: 3,
          r: ['user'],
          i: '85fcfa',
        }),
      ),
    ).toEqual({
      action: 'POST /logout',
      keys: ['count', 'loggedin', 'user'],
      more: 0,
      removed: ['user'],
      previousId: '85fcfa',
    });
    // The cookies of before: no removed keys, no ID.
    expect(
      parseFormChange(cookie({ a: 'POST /session', k: ['colour'], n: 1 })),
    ).toMatchObject({ removed: [], previousId: null });
  });

  it.each([
    ['an ID that is not the start of a storage key', { i: 'x<y' }],
    ['removed keys that are not a list', { r: 'user' }],
    ['a removed key with a space', { r: ['a b'] }],
  ])('ignores a cookie with %s', (_what, extra) => {
    expect(
      parseFormChange(
        cookie({ a: 'POST /logout', k: ['user'], n: 1, ...extra }),
      ),
    ).toBeNull();
  });

  it('keeps only removed keys among the changed ones', () => {
    expect(
      parseFormChange(
        cookie({ a: 'POST /logout', k: ['user'], n: 1, r: ['user', 'count'] }),
      )?.removed,
    ).toEqual(['user']);
  });
});

describe('What a login or logout did', () => {
  const actions = { login: 'POST /login', logout: 'POST /logout' };
  const change = (action: string, keys: string[], removed: string[] = []) =>
    ({
      action,
      keys,
      more: 0,
      removed,
      previousId: '85fcfa',
    }) satisfies FormChange;

  it('a login: the ID before and after, and the keys the new session took over', () => {
    expect(
      formOutcome(
        change('POST /login', ['flashes', 'loggedin', 'user']),
        actions,
        {
          keys: ['cookie', 'count', 'loggedin', 'user'],
          id: '2990e9',
          loggedin: true,
        },
      ),
    ).toEqual({
      kind: 'login',
      previousId: '85fcfa',
      id: '2990e9',
      carried: ['count'],
    });
  });

  it('a logout keeping the data: loggedin is false, the visitor’s keys stay', () => {
    expect(
      formOutcome(
        change('POST /logout', ['flashes', 'loggedin', 'user'], ['user']),
        actions,
        {
          keys: ['cookie', 'colour', 'count', 'loggedin'],
          id: '38ccb4',
          loggedin: false,
        },
      ),
    ).toEqual({
      kind: 'logout',
      keep: true,
      previousId: '85fcfa',
      id: '38ccb4',
      removed: ['user'],
      kept: ['colour', 'count'],
    });
  });

  it('a logout clearing the session: everything removed, nothing kept', () => {
    expect(
      formOutcome(
        change(
          'POST /logout',
          ['count', 'flashes', 'loggedin', 'user'],
          ['count', 'loggedin', 'user'],
        ),
        actions,
        { keys: [], id: null, loggedin: undefined },
      ),
    ).toMatchObject({
      kind: 'logout',
      keep: false,
      removed: ['count', 'loggedin', 'user'],
      kept: [],
    });
  });

  it('nothing after any other form, or none', () => {
    const now = { keys: [], id: null, loggedin: undefined };
    expect(
      formOutcome(change('POST /session', ['colour']), actions, now),
    ).toBeNull();
    expect(formOutcome(null, actions, now)).toBeNull();
  });
});
