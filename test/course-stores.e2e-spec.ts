import request from 'supertest';
import { SessionService } from '@nest-sessions/session';
import { storedData } from './utils/panel.js';
import { keyOf, sidCookie, sidOf } from './utils/session-helpers.js';
import { SESSION_STORES, STORE_NAMES } from './utils/stores.js';
import { useTestApp } from './utils/test-app.js';

/**
 * The course's "Redis ou MongoDB": the cookie-versus-session page says which
 * store holds the visitor's session, and the panel shows it as that store
 * holds it, read back from it.
 */
describe.each(SESSION_STORES.map((kind) => [STORE_NAMES[kind], kind] as const))(
  'Course: Redis or MongoDB (%s)',
  (name, store) => {
    const t = useTestApp({ store });

    it('names the store that holds this session, and shows what it holds', async () => {
      const first = await request(t.server).get('/').expect(200);
      const cookie = sidCookie(first);
      const page = await request(t.server)
        .get('/course/cookie-vs-session')
        .set('Cookie', cookie)
        .expect(200);
      expect(page.text).toContain(
        `data-testid="store-in-use">Your session is in <strong>${name}</strong> now`,
      );
      const key = keyOf(sidOf(first));
      expect(page.text).toContain(`<code>${key.slice(0, 6)}`);
      const stored = (await t.app
        .get(SessionService)
        .store.read(sidOf(first)))!;
      expect(stored.data).toMatchObject({ count: 1 });
      // What the page shows is what the store holds, read back from it.
      const { cookie: _cookie, ...data } = stored.data;
      expect(storedData(page.text)).toMatchObject(data);
    });
  },
);
