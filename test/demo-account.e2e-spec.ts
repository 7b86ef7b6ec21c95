import request from 'supertest';
import { DEMO } from './utils/auth.js';
import { csrfTokenOf } from './utils/forms.js';
import { createTestApp, dropDatabase, useTestApp } from './utils/test-app.js';

/** The demo account of the course, named on the login page wherever it exists. */
describe('The demo account on the login page', () => {
  describe('outside production (seeded by default)', () => {
    const t = useTestApp();

    it('names the account and its password, in both languages', async () => {
      const en = await request(t.server).get('/login').expect(200);
      expect(en.text).toContain(
        'data-testid="demo-account">Try it with the demo account: <code>admin@nomades.ch</code> / <code>1234</code></p>',
      );
      const fr = await request(t.server)
        .get('/login')
        .set('Accept-Language', 'fr')
        .expect(200);
      expect(fr.text).toContain(
        'Essayez avec le compte de démonstration : <code>admin@nomades.ch</code> / <code>1234</code>',
      );
    });

    it('still names it on the form shown again after a wrong password', async () => {
      const agent = request.agent(t.server);
      const page = await agent.get('/login').expect(200);
      const refused = await agent
        .post('/login')
        .type('form')
        .send({
          email: DEMO.email,
          password: 'not-the-password',
          _csrf: csrfTokenOf(page.text),
        })
        .expect(401);
      expect(refused.text).toContain('data-testid="demo-account"');
    });

    it('logs in with what the page says, through the form', async () => {
      const agent = request.agent(t.server);
      const page = await agent.get('/login').expect(200);
      const [, email, password] =
        /<code>([^<]+)<\/code> \/ <code>([^<]+)<\/code>/.exec(page.text) ?? [];
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email, password, _csrf: csrfTokenOf(page.text) })
        .expect(303);
      expect(res.headers.location).toBe('/userinfo');
      expect((await agent.get('/secret').expect(200)).text).toContain(
        `data-testid="nav-user">${DEMO.email}<`,
      );
    });
  });

  it('is not named when there is none (SEED_DEMO_USER=false, as in production by default)', async () => {
    const bare = await createTestApp({ env: { SEED_DEMO_USER: 'false' } });
    try {
      const page = await request(bare.server).get('/login').expect(200);
      expect(page.text).not.toContain('demo-account');
      // The course's own Flask code, shown on the page, checks a fixed address: not an account here.
      expect(page.text.replace(/<pre[^>]*>[\s\S]*?<\/pre>/g, '')).not.toContain(
        DEMO.email,
      );
    } finally {
      await bare.close();
      await dropDatabase(bare.databaseUri);
    }
  });
});
