import { localPath } from './local-path.js';

describe('localPath (the login form next parameter)', () => {
  it.each(['/secret', '/userinfo?tab=1', '/a/b#c', '/'])(
    'keeps the local path %s',
    (next) => {
      expect(localPath(next)).toBe(next);
    },
  );

  it.each([
    '//elsewhere.example',
    '/\\elsewhere.example',
    'https://elsewhere.example',
    'http:/elsewhere.example',
    'javascript:alert(1)',
    '/\t/elsewhere.example',
    '/\n/elsewhere.example',
    '/ok\\..\\/elsewhere',
    'secret',
    '',
  ])('refuses %j', (next) => {
    expect(localPath(next)).toBeUndefined();
  });

  it.each([undefined, null, 42, ['/secret'], { path: '/secret' }])(
    'refuses a non-string %j',
    (next) => {
      expect(localPath(next)).toBeUndefined();
    },
  );
});
