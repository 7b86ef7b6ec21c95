import { csrfAgent, postForm } from './utils/forms.js';
import { DEMO } from './utils/auth.js';
import { useTestApp } from './utils/test-app.js';

describe('Account pages in both languages', () => {
  const t = useTestApp();

  it('shows the account pages in English by default and in French for Accept-Language: fr', async () => {
    const agent = await csrfAgent(t.server);
    await postForm(agent, '/login', DEMO).then((res) => {
      expect(res.status).toBe(303);
    });
    const english = await agent.get('/secret').expect(200);
    expect(english.text).toContain('This is a secret page');

    const pages: [string, string][] = [
      ['/secret', 'Ceci est une page secrète'],
      ['/userinfo', 'Votre compte'],
      ['/account/sessions', 'Vos sessions'],
      ['/account/password', 'Changer votre mot de passe'],
    ];
    for (const [path, text] of pages) {
      const res = await agent
        .get(path)
        .set('Accept-Language', 'fr')
        .expect(200);
      expect(res.text).toContain(text);
      // Code is not translated: the course's Flask returns "This is a secret page".
      expect(res.text.replace(/<pre[^>]*>[\s\S]*?<\/pre>/g, '')).not.toContain(
        'This is a secret page',
      );
    }
  });
});
