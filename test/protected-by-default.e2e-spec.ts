import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { CurrentUser } from '../src/auth/decorators/current-user.decorator.js';
import { Public } from '../src/auth/decorators/public.decorator.js';
import type { SessionUser } from '../src/auth/auth-session.types.js';
import { DEMO, postLogin } from './utils/auth.js';
import { flashesOn } from './utils/session-helpers.js';
import { useTestApp } from './utils/test-app.js';

/**
 * Routes as the next person to add a page would write them: one with no
 * marker at all, one marked @Public(). Built only here; the app has neither.
 */
@Controller('added')
class AddedController {
  @Get('unmarked')
  unmarked(@CurrentUser() user: SessionUser) {
    return { email: user.email };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

@Module({ controllers: [AddedController] })
class AddedModule {}

describe('Protected unless marked public', () => {
  const t = useTestApp({ imports: [AddedModule] });

  it('sends an anonymous browser from an unmarked route to the login page, with next', async () => {
    const agent = request.agent(t.server);
    const res = await agent
      .get('/added/unmarked?x=1')
      .set('Accept', 'text/html')
      .expect(303);
    expect(res.headers.location).toBe(
      '/login?next=%2Fadded%2Funmarked%3Fx%3D1',
    );
    const login = await agent.get(res.headers.location).expect(200);
    expect(flashesOn(login.text)).toEqual([
      { category: 'warning', text: 'Please log in to see this page' },
    ]);
  });

  it('answers 401 in JSON to an anonymous API client', async () => {
    const res = await request(t.server)
      .get('/added/unmarked')
      .set('Accept', 'application/json')
      .expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Please log in to see this page',
    });
  });

  it('serves the unmarked route to a logged-in user, who reaches it with @CurrentUser()', async () => {
    const agent = request.agent(t.server);
    await postLogin(agent, DEMO).expect(303);
    const res = await agent
      .get('/added/unmarked')
      .set('Accept', 'application/json')
      .expect(200);
    expect(res.body).toEqual({ email: DEMO.email });
  });

  it('serves a route marked @Public() to anyone', async () => {
    const res = await request(t.server)
      .get('/added/open')
      .set('Accept', 'application/json')
      .expect(200);
    expect(res.body).toEqual({ open: true });
  });
});
