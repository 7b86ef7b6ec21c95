import { UsersService } from '../src/users/users.service.js';
import { csrfAgent, postForm } from './utils/forms.js';
import { formErrors, register, STRONG } from './utils/registration.js';
import { useTestApp } from './utils/test-app.js';

const TOO_EASY =
  'password is too easy to guess (a common password, a word, a name or a pattern); a few unrelated words make a strong one';
const FROM_EMAIL = 'password must not be made from your email address';

/** Common and context-specific passwords are refused (NIST SP 800-63B, 5.1.1.2). */
describe('Password policy', () => {
  const t = useTestApp({
    env: { TRUST_PROXY: 'true', REGISTER_MAX_PER_IP: '3' },
  });
  const users = () => t.connection.collection('users');

  let weakEmails = 0;
  it.each([
    ['a common password', 'password'],
    ['a common number', '12345678'],
    ['eight spaces', '        '],
    ['a keyboard walk', 'qwertyuiop'],
    ['a word and a year', 'sunshine2024'],
  ])('refuses %s at registration', async (_case, password) => {
    const email = `weak-${++weakEmails}@example.com`;
    const res = await register(t, { email, password });
    expect(res.status).toBe(400);
    expect(formErrors(res.text)).toContain(TOO_EASY);
    expect(await users().findOne({ email })).toBeNull();
  });

  it.each([
    ['the email itself', 'context@example.com'],
    ['the name of the email and digits', 'context2024'],
  ])('refuses %s', async (_case, password) => {
    const res = await register(t, {
      email: 'context@example.com',
      password,
    });
    expect(res.status).toBe(400);
    expect(formErrors(res.text)).toContain(FROM_EMAIL);
  });

  it('refuses a change to the same password, or to a weak one, and accepts a strong one', async () => {
    const who = { email: 'changer@example.com', password: STRONG };
    await t.app.get(UsersService).create(who.email, who.password);
    const agent = await csrfAgent(t.server);
    await postForm(agent, '/login', who).expect(303);
    const change = (newPassword: string) =>
      postForm(agent, '/account/password', {
        currentPassword: who.password,
        newPassword,
        confirmPassword: newPassword,
      });

    const same = await change(STRONG);
    expect(same.status).toBe(400);
    expect(formErrors(same.text)).toContain(
      'the new password must be different from the current one',
    );
    const weak = await change('password1');
    expect(weak.status).toBe(400);
    expect(formErrors(weak.text)).toContain(TOO_EASY);
    const mine = await change('changer@example.com');
    expect(formErrors(mine.text)).toContain(FROM_EMAIL);
    expect((await change('violet tractor under moonlight')).status).toBe(303);
  });
});
