import { Controller, Get, Render } from '@nestjs/common';
import request from 'supertest';
import { csrfPass } from './utils/forms.js';
import { Public } from '../src/auth/decorators/public.decorator.js';
import { setCookies } from './utils/cookies.js';
import { useTestApp } from './utils/test-app.js';

/** Failures the real app has no route for, so that the error paths can be reached. */
@Controller('test-failures')
@Public()
class FailuresController {
  @Get('throw')
  throwPlainError(): never {
    throw new Error('secret detail: connection string mongodb://user:pw@db');
  }

  @Get('missing-view')
  @Render('no/such-view')
  renderMissingView() {
    return { title: 'never shown' };
  }
}

/** What a stack trace looks like in a response. */
const STACK = /\bat [\w.<>]+ \(|\.[jt]s:\d+:\d+|node_modules/;

describe.each(['production', 'development'])(
  'Error responses (NODE_ENV=%s)',
  (nodeEnv) => {
    const e = useTestApp({
      env: { NODE_ENV: nodeEnv },
      controllers: [FailuresController],
      // The unexpected errors below are logged on purpose; keep the test output readable.
      logger: false,
    });

    it('404: an HTML page for browsers, inside the layout', async () => {
      const res = await request(e.server)
        .get('/no/such/page')
        .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<h1>Page not found</h1>');
      expect(res.text).toContain('<main id="content">');
      expect(res.text).toContain('<a href="/">Back to the home page</a>');
      expect(res.text).not.toMatch(STACK);
      // Only the CSRF cookie of its language form; no session.
      expect(setCookies(res).map((line) => line.split('=')[0])).toEqual([
        nodeEnv === 'production' ? '__Host-csrf' : 'csrf',
      ]);
    });

    it('404: JSON for Accept: application/json', async () => {
      const res = await request(e.server)
        .get('/no/such/page')
        .set('Accept', 'application/json')
        .expect(404)
        .expect('Content-Type', /application\/json/);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: expect.any(String) as string,
      });
    });

    it('404 for an unknown method on a known path', async () => {
      const pass = await csrfPass(request(e.server), '/login');
      await request(e.server)
        .delete('/session')
        .set('Cookie', pass.cookies)
        .set('x-csrf-token', pass.token)
        .set('Accept', 'application/json')
        .expect(404);
    });

    it('a malformed JSON body is a 400, in JSON or HTML, never a 500', async () => {
      const json = await request(e.server)
        .post('/session')
        .set('Content-Type', 'application/json')
        .set('Accept', 'application/json')
        .send('{"key": "a", "value": ')
        .expect(400);
      expect(json.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request body is not valid JSON.',
      });
      const html = await request(e.server)
        .post('/session')
        .set('Content-Type', 'application/json')
        .set('Accept', 'text/html')
        .send('{oops')
        .expect(400);
      expect(html.text).toContain('The request body is not valid JSON.');
      expect(html.text).not.toMatch(STACK);
    });

    it('a body over the limit is a 413', async () => {
      const res = await request(e.server)
        .post('/session')
        .set('Accept', 'application/json')
        .type('form')
        .send({ key: 'big', value: 'x'.repeat(200_000) })
        .expect(413);
      expect(res.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'The request body is too large.',
      });
    });

    it('an unexpected error is a 500 page without a stack trace', async () => {
      const res = await request(e.server)
        .get('/test-failures/throw')
        .set('Accept', 'text/html')
        .expect(500);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<h1>Something went wrong</h1>');
      expect(res.text).not.toMatch(STACK);
      if (nodeEnv === 'production') {
        expect(res.text).not.toContain('secret detail');
      }
    });

    it('an unexpected error is a 500 in JSON without a stack trace', async () => {
      const res = await request(e.server)
        .get('/test-failures/throw')
        .set('Accept', 'application/json')
        .expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: expect.any(String) as string,
      });
      expect(JSON.stringify(res.body)).not.toMatch(STACK);
      if (nodeEnv === 'production') {
        expect(res.body.message).not.toContain('secret detail');
      }
    });

    it('a page that fails to render is a 500 without a stack trace', async () => {
      const res = await request(e.server)
        .get('/test-failures/missing-view')
        .set('Accept', 'text/html')
        .expect(500);
      expect(res.text).toContain('<h1>Something went wrong</h1>');
      expect(res.text).not.toMatch(STACK);
      if (nodeEnv === 'production') {
        // Not even the view's name or the server's folders.
        expect(res.text).not.toContain('no/such-view');
        expect(res.text).not.toContain(process.cwd());
      }
    });
  },
);
