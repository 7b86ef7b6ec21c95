import request from 'supertest';
import { UrlForService } from '../src/common/routing/url-for.service.js';
import { useTestApp } from './utils/test-app.js';

/** Every href and form action of a page. */
function linksOf(html: string): string[] {
  return [...html.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1]);
}

describe('url_for', () => {
  const t = useTestApp();
  let urls: UrlForService;

  beforeAll(() => {
    urls = t.app.get(UrlForService);
  });

  it('names every route of the app after its handler', () => {
    const named = Object.fromEntries(
      urls.list().map((route) => [route.name, route.path]),
    );
    expect(named).toMatchObject({
      index: '/',
      resetCounter: '/counter/reset',
      sessionPage: '/session',
      setKey: '/session',
      popKey: '/session/pop',
      clearSession: '/session/clear',
      health: '/health',
    });
  });

  it('builds paths in code, with query values, and fails for an unknown name', () => {
    expect(urls.urlFor('sessionPage')).toBe('/session');
    expect(urls.urlFor('index', { tab: 2 }, { q: 'a b' })).toBe(
      '/?tab=2&q=a+b',
    );
    expect(() => urls.urlFor('nope')).toThrow(
      'url_for: no route is named "nope"',
    );
  });

  it('builds the navigation and the forms in the templates', async () => {
    const home = await request(t.server).get('/').expect(200);
    expect(home.text).toMatch(/<nav aria-label="Main">/);
    expect(home.text).toContain('<a href="/">Home</a>');
    expect(home.text).toContain('<a href="/session">Session</a>');
    expect(home.text).toContain('action="/counter/reset"');

    const page = await request(t.server).get('/session').expect(200);
    for (const action of ['/session', '/session/pop', '/session/clear'])
      expect(page.text).toContain(`action="${action}"`);
  });

  it('leaves no link in a page that does not lead to a route of the app', async () => {
    const known = new Set(urls.list().map((route) => route.path));
    for (const path of ['/', '/session']) {
      const res = await request(t.server).get(path).expect(200);
      for (const link of linksOf(res.text)) {
        if (link.startsWith('#') || link.startsWith('/static/')) continue;
        // A fragment (#section) is part of the page, not of the route.
        expect(known).toContain(link.split('#')[0]);
      }
    }
  });
});
