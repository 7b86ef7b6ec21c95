// The framework's resolver loads Nest's decorators, which need the Reflect API.
import 'reflect-metadata';
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import { securityHeaderOptions } from './security-headers.js';

/** The headers the framework sets from the app's options, by lower-case name; removed ones as "(removed)". */
function headersFor(isProduction: boolean): Record<string, string> {
  const { headers, removeHeaders } = resolveSecurityHeaders(
    securityHeaderOptions(isProduction),
  );
  const set: Record<string, string> = {};
  for (const [name, value] of headers) set[name.toLowerCase()] = value;
  for (const name of removeHeaders) set[name.toLowerCase()] = '(removed)';
  return set;
}

describe('security headers', () => {
  it('keeps the policy strict: no inline scripts, forms and frames to this origin only', () => {
    const headers = headersFor(true);
    const csp = headers['content-security-policy'];
    expect(csp).toMatch(/(^|;)script-src 'self'(;|$)/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-powered-by']).toBe('(removed)');
    expect(headers['strict-transport-security']).toBeDefined();
    expect(headersFor(false)['strict-transport-security']).toBeUndefined();
  });
});
