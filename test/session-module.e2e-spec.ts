import 'reflect-metadata';
import { Controller, Get, Module, Session } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { SessionCommitInterceptor } from '../src/session/session-commit.interceptor.js';
import { SessionModule } from '../src/session/session.module.js';
import {
  SessionService,
  type RequestSession,
} from '../src/session/session.service.js';
import { cookiePair } from './utils/cookies.js';
import { dropDatabase, uniqueDatabaseUri } from './utils/test-app.js';

/** The smallest app that uses the session module: one page that counts visits. */
@Controller()
class VisitsController {
  constructor(private readonly sessions: SessionService) {}

  @Get('visits')
  visits(@Session() session: RequestSession) {
    return { visits: this.sessions.increment(session, 'visits') };
  }
}

function appModule(uri: string) {
  @Module({
    imports: [
      MongooseModule.forRoot(uri),
      SessionModule.forRootAsync({
        inject: [getConnectionToken()],
        useFactory: (connection: Connection) => ({
          secrets: ['a secret of this test that is long enough'],
          idleMs: 30 * 60_000,
          absoluteMs: 24 * 3_600_000,
          store: { type: 'mongodb' as const, client: connection.getClient() },
        }),
      }),
    ],
    controllers: [VisitsController],
    providers: [
      { provide: APP_INTERCEPTOR, useClass: SessionCommitInterceptor },
    ],
  })
  class MinimalAppModule {}
  return MinimalAppModule;
}

async function start(uri: string): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [appModule(uri)],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: ['error', 'warn'],
  });
  for (const middleware of app.get(SessionService).middleware())
    app.use(middleware);
  await app.init();
  return app;
}

/**
 * The session module lifted into another app, as the README's "Taking the
 * session module into your app" says: MongooseModule, SessionModule.forRootAsync
 * with the connection, the middleware and the commit interceptor. Nothing
 * else of this app (no flash, no i18n, no views).
 */
describe('SessionModule in an app of its own', () => {
  const uri = uniqueDatabaseUri('session_module');
  let app: NestExpressApplication | undefined;

  afterAll(async () => {
    await app?.close();
    await dropDatabase(uri);
  });

  it('gives it sessions kept in MongoDB, that survive a restart', async () => {
    app = await start(uri);
    const first = await request(app.getHttpServer() as App)
      .get('/visits')
      .expect(200);
    expect(first.body).toEqual({ visits: 1 });
    const cookie = cookiePair(first, 'sid')!;
    expect(cookie).toBeDefined();
    await request(app.getHttpServer() as App)
      .get('/visits')
      .set('Cookie', cookie)
      .expect(200, { visits: 2 });

    await app.close();
    app = await start(uri);
    await request(app.getHttpServer() as App)
      .get('/visits')
      .set('Cookie', cookie)
      .expect(200, { visits: 3 });
  });

  it('counts every one of 20 parallel visits', async () => {
    app ??= await start(uri);
    const server = app.getHttpServer() as App;
    const first = await request(server).get('/visits').expect(200);
    const cookie = cookiePair(first, 'sid')!;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        request(server).get('/visits').set('Cookie', cookie).expect(200),
      ),
    );
    await request(server)
      .get('/visits')
      .set('Cookie', cookie)
      .expect(200, { visits: 22 });
  });
});
