import request from 'supertest';
import { DEMO, postRegister } from './utils/auth.js';
import { cookiePair } from './utils/cookies.js';
import { csrfPass, postWith } from './utils/forms.js';
import { useTestApp } from './utils/test-app.js';

describe('Request size and shape', () => {
  const t = useTestApp();

  describe('limits', () => {
    const healthy = async () => {
      await request(t.server).get('/health').expect(200);
    };

    it('answers 413 to a form over 100 KB', async () => {
      const res = await request(t.server)
        .post('/session')
        .type('form')
        .send(`key=big&value=${'a'.repeat(110_000)}`)
        .expect(413);
      expect(res.text).toContain('too large');
      await healthy();
    });

    it('answers 413 to a JSON body over 100 KB', async () => {
      await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .send({ key: 'big', value: 'a'.repeat(110_000) })
        .expect(413);
      await healthy();
    });

    it('answers 413 to a form with more than 1,000 fields', async () => {
      const fields = Array.from({ length: 1_001 }, (_, i) => `f${i}=1`).join(
        '&',
      );
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .type('form')
        .send(fields)
        .expect(413);
      expect(res.body.message).toBe('The form has too many fields.');
      await healthy();
    });

    it('answers 400 to JSON nested deeper than 32 levels', async () => {
      const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/json')
        .send(deep)
        .expect(400);
      expect(res.body.message).toContain('nested more than 32 levels');
      await healthy();
    });

    it('answers 415 to an unknown content type', async () => {
      const res = await request(t.server)
        .post('/session')
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/xml')
        .send('<key>a</key>')
        .expect(415);
      expect(res.body.message).toContain('Unsupported content type');
      await healthy();
    });

    it("answers 431 to headers over Node's limit", async () => {
      await request(t.server)
        .get('/')
        .set('X-Big', 'a'.repeat(20_000))
        .expect(431);
      await healthy();
    });
  });

  describe('prototype keys and query operators in a body', () => {
    const polluted = () =>
      Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin') ||
      Object.prototype.hasOwnProperty.call(Object.prototype, 'x') ||
      ({} as Record<string, unknown>).isAdmin !== undefined;

    it.each([
      ['form __proto__[x]', `email=${DEMO.email}&password=1234&__proto__[x]=1`],
      [
        'form __proto__[isAdmin]',
        `email=${DEMO.email}&password=1234&__proto__[isAdmin]=true`,
      ],
      ['form constructor[prototype]', `${'constructor[prototype][isAdmin]'}=1`],
      // The form parser drops this field by itself: refused all the same.
      ['form __proto__', `email=${DEMO.email}&password=1234&__proto__=1`],
      ['form email[$ne]', 'email[$ne]=&password[$ne]='],
    ])(
      'login with %s: 400, no session, Object.prototype untouched',
      async (_name, body) => {
        const pass = await csrfPass(request(t.server), '/login');
        const res = await postWith(request(t.server), '/login', pass)
          .type('form')
          .send(`${body}&_csrf=${encodeURIComponent(pass.token)}`);
        expect(res.status).toBe(400);
        expect(cookiePair(res, 'sid')).toBeUndefined();
        expect(polluted()).toBe(false);
      },
    );

    it.each([
      [
        '__proto__',
        `{"email":"${DEMO.email}","password":"1234","__proto__":{"isAdmin":true}}`,
      ],
      [
        'constructor.prototype',
        `{"email":"${DEMO.email}","password":"1234","constructor":{"prototype":{"isAdmin":true}}}`,
      ],
      ['$where', `{"email":{"$where":"1"},"password":"1234"}`],
      ['$regex', `{"email":{"$regex":".*"},"password":"1234"}`],
    ])(
      'login with JSON %s: 400, no session, Object.prototype untouched',
      async (_name, body) => {
        const pass = await csrfPass(request(t.server), '/login');
        const res = await postWith(request(t.server), '/login', pass)
          .set('Accept', 'application/json')
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(cookiePair(res, 'sid')).toBeUndefined();
        expect(polluted()).toBe(false);
      },
    );

    it('register with isAdmin or __proto__ fields: 400, no account', async () => {
      const users = t.connection.collection('users');
      const before = await users.countDocuments();
      const fields = {
        email: 'mass-assign@example.com',
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      };
      await postRegister(request(t.server), {
        ...fields,
        isAdmin: 'true',
      }).expect(400);
      const pass = await csrfPass(request(t.server), '/register');
      await postWith(request(t.server), '/register', pass)
        .set('Accept', 'application/json')
        .set('Content-Type', 'application/json')
        .send(
          `{"email":"${fields.email}","password":"${fields.password}","confirm":"${fields.password}","__proto__":{"isAdmin":true}}`,
        )
        .expect(400);
      expect(await users.countDocuments()).toBe(before);
      expect(polluted()).toBe(false);
    });
  });
});
