import request from 'supertest';
import { postLogin } from './utils/auth.js';
import { csrfTokenOf } from './utils/forms.js';
import { useTestApp } from './utils/test-app.js';

describe('HTML escaping', () => {
  const t = useTestApp();

  it('shows HTML typed into a failed login email escaped exactly once', async () => {
    const email = '"><script>alert(1)</script>@x.example';
    const res = await postLogin(request(t.server), {
      email,
      password: 'x',
    });
    expect([400, 401]).toContain(res.status);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain(
      'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@x.example"',
    );
    expect(res.text).not.toContain('&amp;lt;');
    expect(res.text).not.toContain('&amp;quot;');
  });

  it('shows HTML stored in a session value escaped exactly once, in the page and the flash', async () => {
    const agent = request.agent(t.server);
    const value = '<img src=x onerror=alert(1)>';
    const page = await agent.get('/session');
    await agent
      .post('/session')
      .type('form')
      .send({ key: 'html', value, _csrf: csrfTokenOf(page.text) })
      .expect(303);
    const shown = await agent.get('/session').expect(200);
    expect(shown.text).not.toContain(value);
    expect(shown.text).toContain(
      '&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
    );
    expect(shown.text).not.toContain('&amp;lt;');

    await agent
      .post('/session/pop')
      .type('form')
      .send({ key: 'html', _csrf: csrfTokenOf(shown.text) })
      .expect(303);
    const flashed = await agent.get('/session').expect(200);
    expect(flashed.text).toContain('Removed session[&quot;html&quot;]');
    expect(flashed.text).not.toContain(value);
    expect(flashed.text).toContain('&lt;img src&#x3D;x');
    expect(flashed.text).not.toContain('&amp;lt;');
  });
});
