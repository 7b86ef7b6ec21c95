import request from 'supertest';
import { DEMO, postLogin } from './utils/auth.js';
import { csrfAgent } from './utils/forms.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import { useTestApp } from './utils/test-app.js';

describe('Security headers', () => {
  const t = useTestApp();

  it('sets a strict Content-Security-Policy and the helmet headers, without X-Powered-By', async () => {
    const res = await request(t.server).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // no-referrer would make browsers post forms with `Origin: null` (refused).
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  describe('no caching for a logged-in visitor', () => {
    it('marks every page it sees no-store, and keeps the helmet headers on them', async () => {
      const agent = request.agent(t.server);
      await agent.get('/');
      await agent.get('/');
      await postLogin(agent, DEMO).expect(303);
      await agent.get('/userinfo').expect(200); // shows the login flash
      for (const path of [
        '/',
        '/session',
        '/secret',
        '/userinfo',
        '/logout',
        '/login',
      ]) {
        const res = await agent.get(path).expect(200);
        expect([path, res.headers['cache-control']]).toEqual([
          path,
          'no-store',
        ]);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toContain(
          "frame-ancestors 'none'",
        );
      }
    });
  });
});

/**
 * A page that shows session data (the dictionary, the counter, the
 * stored-session panel, flash messages) must not be kept by a browser or a
 * shared cache, whether the visitor is logged in or not.
 */
describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'No caching for an anonymous visitor (%s)',
  (_name, store) => {
    const t = useTestApp({ store });

    it('marks every page no-store, with a session or without; static files keep their own caching', async () => {
      const paths = [
        '/',
        '/session',
        '/login',
        '/register',
        '/logout',
        '/course/flash',
        '/no-such-page',
      ];
      for (const path of paths) {
        const res = await request(t.server).get(path);
        expect([path, res.headers['cache-control']]).toEqual([
          path,
          'no-store',
        ]);
      }
      const agent = await csrfAgent(t.server);
      await agent
        .post('/session')
        .type('form')
        .send({ key: 'colour', value: 'red' })
        .expect(303);
      for (const path of paths) {
        const res = await agent.get(path);
        expect([path, res.headers['cache-control']]).toEqual([
          path,
          'no-store',
        ]);
      }
      // Static files keep their own caching.
      const css = await request(t.server)
        .get('/static/css/main.css')
        .expect(200);
      expect(css.headers['cache-control']).not.toBe('no-store');
    });
  },
);
