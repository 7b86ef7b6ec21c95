import type { Request, Response } from 'express';
import { hostNameOf, treatLocalhostAsSecure } from './local-secure-cookie.js';

/** A request with the given Host header whose connection is plain HTTP. */
function plainRequest(host: string | undefined): Request {
  return {
    secure: false,
    get: (name: string) => (name.toLowerCase() === 'host' ? host : undefined),
  } as unknown as Request;
}

function secureAfter(host: string | undefined): boolean {
  const req = plainRequest(host);
  let called = false;
  treatLocalhostAsSecure(req, {} as Response, () => {
    called = true;
  });
  expect(called).toBe(true);
  return req.secure;
}

describe('treatLocalhostAsSecure', () => {
  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:80',
    '127.0.0.1:3000',
    '[::1]:3000',
    '[::1]',
  ])('treats %s as secure', (host) => {
    expect(secureAfter(host)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'example.com',
    'localhost.example.com',
    'example.com:localhost',
    '127.0.0.2',
    '[::2]:3000',
    '0.0.0.0:3000',
  ])('leaves %s alone', (host) => {
    expect(secureAfter(host)).toBe(false);
  });

  it('reads the host name without the port, IPv6 brackets kept', () => {
    expect(hostNameOf('[::1]:8080')).toBe('[::1]');
    expect(hostNameOf('Example.COM:443')).toBe('example.com');
    expect(hostNameOf(undefined)).toBeUndefined();
  });
});
