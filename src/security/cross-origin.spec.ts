import { ForbiddenException } from '@nestjs/common';
import { CrossOriginProtection } from '@nestjs/core/security/cross-origin-protection.js';
import type { IncomingHttpHeaders } from 'node:http';
import { crossOriginRefusalReason } from './cross-origin.js';

/** The framework's own check, on a request with these headers. */
function refusalOf(headers: IncomingHttpHeaders): unknown {
  const adapter = { getRequestMethod: () => 'POST' };
  const protection = new CrossOriginProtection(adapter as never, {});
  return protection.check({ method: 'POST', headers });
}

describe('crossOriginRefusalReason', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    [
      'an Origin that is not the Host',
      { origin: 'https://evil.example', host: 'sessions.example.org' },
    ],
  ])('recognises the framework refusal for %s', (_case, headers) => {
    const refusal = refusalOf(headers);
    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect(crossOriginRefusalReason(refusal)).toMatch(/Cross-origin request/);
  });

  it('lets a same-origin request through (nothing to recognise)', () => {
    expect(
      refusalOf({
        origin: 'https://sessions.example.org',
        host: 'sessions.example.org:443',
      }),
    ).toBeUndefined();
  });

  it('is not fooled by another 403', () => {
    expect(
      crossOriginRefusalReason(new ForbiddenException('No entry')),
    ).toBeUndefined();
    expect(
      crossOriginRefusalReason(new Error('Cross-origin request detected')),
    ).toBeUndefined();
  });
});
