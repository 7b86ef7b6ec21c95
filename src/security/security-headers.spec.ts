import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';
import type { Request, Response } from 'express';
import { securityHeaderOptions, securityHeaders } from './security-headers.js';

/** The headers the Express middleware sets on an empty response. */
function headersSetBy(isProduction: boolean): Record<string, string> {
  const set: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      set[name.toLowerCase()] = value;
    },
    removeHeader: (name: string) => {
      set[name.toLowerCase()] = '(removed)';
    },
  } as unknown as Response;
  let called = false;
  securityHeaders(isProduction)({} as Request, res, () => {
    called = true;
  });
  expect(called).toBe(true);
  return set;
}

describe('security headers', () => {
  it.each([true, false])(
    'the middleware sets what app.useSecurityHeaders() sets (production: %s)',
    (isProduction) => {
      const framework = resolveSecurityHeaders(
        securityHeaderOptions(isProduction),
      );
      const expected: Record<string, string> = {};
      for (const [name, value] of framework.headers)
        expected[name.toLowerCase()] = value;
      for (const name of framework.removeHeaders)
        expected[name.toLowerCase()] = '(removed)';
      expect(headersSetBy(isProduction)).toEqual(expected);
    },
  );

  it('keeps the policy strict: no inline scripts, forms and frames to this origin only', () => {
    const headers = headersSetBy(true);
    const csp = headers['content-security-policy'];
    expect(csp).toMatch(/(^|;)script-src 'self'(;|$)/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-powered-by']).toBe('(removed)');
    expect(headers['strict-transport-security']).toBeDefined();
    expect(headersSetBy(false)['strict-transport-security']).toBeUndefined();
  });
});
