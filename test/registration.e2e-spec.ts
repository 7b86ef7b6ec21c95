import request, { type Response } from 'supertest';
import { UsersService } from '../src/users/users.service.js';
import { DEMO } from './utils/auth.js';
import { postForm } from './utils/forms.js';
import { formErrors, register, STRONG } from './utils/registration.js';
import { flashesOn } from './utils/session-helpers.js';
import { useTestApp, type TestApp } from './utils/test-app.js';

/** The flash messages a response's redirect leads to, as that browser sees them. */
async function flashesAfter(t: TestApp, res: Response) {
  const cookies = (res.headers['set-cookie'] as unknown as string[] | undefined)
    ?.map((line) => line.split(';')[0])
    .join('; ');
  const page = await request(t.server)
    .get(res.headers.location)
    .set('Cookie', cookies ?? '');
  return flashesOn(page.text);
}

describe('Registration', () => {
  const t = useTestApp({
    env: { TRUST_PROXY: 'true', REGISTER_MAX_PER_IP: '3' },
  });
  const users = () => t.connection.collection('users');

  /**
   * Whether an address has an account shows neither in the answer (nor in
   * its time: both hash, see auth.service.spec.ts).
   */
  describe('a taken email and a new one', () => {
    it('get the same answer, and the taken account keeps its password', async () => {
      const taken = await register(t, { email: DEMO.email, password: STRONG });
      const fresh = await register(t, {
        email: 'brand-new@example.com',
        password: STRONG,
      });
      for (const res of [taken, fresh]) {
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/login');
      }
      const cookieNames = (res: Response) =>
        ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])
          .map((line) => line.split('=')[0])
          .sort();
      expect(cookieNames(taken)).toEqual(cookieNames(fresh));
      const shown = await flashesAfter(t, fresh);
      expect(await flashesAfter(t, taken)).toEqual(shown);
      expect(shown).toEqual([
        {
          category: 'info',
          text: 'Registration done: log in with this email and your password. If the address already had an account, its password has not changed.',
        },
      ]);

      // Neither registration logged anyone in; each account has its own password.
      expect((await postForm(request(t.server), '/login', DEMO)).status).toBe(
        303,
      );
      expect(
        (
          await postForm(request(t.server), '/login', {
            email: DEMO.email,
            password: STRONG,
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await postForm(request(t.server), '/login', {
            email: 'brand-new@example.com',
            password: STRONG,
          })
        ).status,
      ).toBe(303);
    });

    it('are limited together per address, and only there, until the window passes', async () => {
      const office = '192.0.2.77';
      for (let i = 1; i <= 3; i++) {
        const email = i === 2 ? DEMO.email : `limited-${i}@example.com`;
        const res = await register(t, { email, password: STRONG }, office);
        expect([i, res.status]).toEqual([i, 303]);
      }
      const refused = await register(
        t,
        { email: 'limited-4@example.com', password: STRONG },
        office,
      );
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(formErrors(refused.text)[0]).toMatch(
        /^Too many registrations from your address\. Try again after /,
      );
      expect(
        await users().findOne({ email: 'limited-4@example.com' }),
      ).toBeNull();
      // Another address is not held.
      expect(
        (
          await register(t, {
            email: 'limited-5@example.com',
            password: STRONG,
          })
        ).status,
      ).toBe(303);
      t.clock.advance(Number(refused.headers['retry-after']) * 1000);
      expect(
        (
          await register(
            t,
            { email: 'limited-4@example.com', password: STRONG },
            office,
          )
        ).status,
      ).toBe(303);
    });
  });

  /** Addresses that render like an existing one. */
  describe('look-alike emails', () => {
    it.each([
      ['fullwidth letters', 'ａｄｍｉｎ@nomades.ch'],
      ['a zero-width space', 'admin\u200b@nomades.ch'],
      ['a soft hyphen', 'ad\u00admin@nomades.ch'],
      ['capitals and spaces', '  Admin@NOMADES.ch '],
    ])(
      'with %s are the same account: no new one is made',
      async (_case, email) => {
        const before = await users().countDocuments();
        const res = await register(t, { email, password: STRONG });
        expect(res.status).toBe(303);
        expect(await users().countDocuments()).toBe(before);
      },
    );

    it('with fullwidth letters log in to the account they render as', async () => {
      await postForm(request(t.server), '/login', {
        email: 'ａｄｍｉｎ@nomades.ch',
        password: DEMO.password,
      }).expect(303);
    });

    it.each([
      ['a Cyrillic а in the name', '\u0430dmin@nomades.ch'],
      ['a Cyrillic а in the domain', 'admin@nom\u0430des.ch'],
      ['a combining accent', 'admi\u0301n@nomades.ch'],
      ['a quoted name', '"admin"@nomades.ch'],
      ['a quoted name with spaces', '"ad min"@nomades.ch'],
    ])('with %s are refused', async (_case, email) => {
      const before = await users().countDocuments();
      const res = await register(t, { email, password: STRONG });
      expect(res.status).toBe(400);
      expect(formErrors(res.text)).toContain(
        'email must be plain letters, digits and . _ - + before the @, and each part of the domain in one script',
      );
      expect(await users().countDocuments()).toBe(before);
    });

    it('in one script other than Latin are accepted in the domain', async () => {
      const res = await register(t, {
        email: 'someone@пример.example',
        password: STRONG,
      });
      expect(res.status).toBe(303);
      expect(
        await t.app.get(UsersService).findByEmail('someone@пример.example'),
      ).not.toBeNull();
    });
  });
});
