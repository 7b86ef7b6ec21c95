import { sign } from 'cookie-signature';
import request from 'supertest';
import { cookiePair, sessionIdOf } from './utils/cookies.js';
import { countOf } from './utils/session-helpers.js';
import { createTestApp, dropDatabase } from './utils/test-app.js';

describe('Secret rotation', () => {
  let databaseUri: string;
  const OLD = 'old-secret-old-secret-old-secret-0000';
  const NEW = 'new-secret-new-secret-new-secret-1111';

  afterAll(async () => {
    await dropDatabase(databaseUri);
  });

  it('accepts cookies signed with an older secret and signs new ones with the first', async () => {
    const before = await createTestApp({ env: { SESSION_SECRET: OLD } });
    databaseUri = before.databaseUri;
    const first = await request(before.server).get('/').expect(200);
    const oldCookie = cookiePair(first, 'sid')!;
    await before.close();

    const rotated = await createTestApp({
      databaseUri,
      env: { SESSION_SECRET: `${NEW},${OLD}` },
    });
    const res = await request(rotated.server)
      .get('/')
      .set('Cookie', oldCookie)
      .expect(200);
    expect(countOf(res.text)).toBe(2);
    const reissued = cookiePair(res, 'sid')!;
    expect(sessionIdOf(reissued)).toBe(sessionIdOf(oldCookie));
    expect(decodeURIComponent(reissued)).toBe(
      `sid=s:${sign(sessionIdOf(oldCookie), NEW)}`,
    );
    await rotated.close();

    const newOnly = await createTestApp({
      databaseUri,
      env: { SESSION_SECRET: NEW },
    });
    const anonymous = await request(newOnly.server)
      .get('/')
      .set('Cookie', oldCookie)
      .expect(200);
    expect(countOf(anonymous.text)).toBe(1);
    await newOnly.close();
  });
});
