import 'reflect-metadata';
import {
  Controller,
  Get,
  HttpCode,
  Module,
  Post,
  Req,
  Session,
  type DynamicModule,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import {
  SessionCommitInterceptor,
  SessionModule,
  SessionService,
  type RequestSession,
} from '../src/index.js';
import { MongoSessionStore } from '../src/mongodb.js';
import { RedisSessionStore } from '../src/redis.js';
import { env, sha256, uniqueMongoUri } from './fixtures.js';

declare module '../src/session-data.js' {
  interface SessionData {
    visits?: number;
    note?: string;
    user?: string;
  }
}

@Controller()
class VisitsController {
  constructor(private readonly sessions: SessionService) {}

  @Get('visits')
  visits(@Session() session: RequestSession) {
    return { visits: this.sessions.increment(session, 'visits') };
  }

  @Post('note')
  @HttpCode(200)
  note(@Session() session: RequestSession) {
    session.note = 'kept';
    return { ok: true };
  }

  @Post('login')
  @HttpCode(200)
  login(@Req() req: Request) {
    this.sessions.regenerate(req, { carry: 'all' });
    req.session.user = 'ada';
    return { user: 'ada' };
  }

  @Post('logout')
  @HttpCode(200)
  logout(@Req() req: Request) {
    this.sessions.regenerate(req, { carry: [] });
    return { user: null };
  }

  @Get('me')
  me(@Session() session: RequestSession) {
    return { user: session.user ?? null, note: session.note ?? null };
  }
}

/** The session module in an app of its own, on one store: what the package's README shows. */
const STORES: [
  string,
  () => { module: DynamicModule; close(): Promise<void> },
][] = [
  [
    'MongoDB',
    () => {
      const client = new MongoClient(uniqueMongoUri('module'));
      return {
        module: SessionModule.forRoot({
          secret: 'a secret of this test that is long enough',
          store: new MongoSessionStore({ client }),
        }),
        close: async () => {
          await client.db().dropDatabase();
          await client.close();
        },
      };
    },
  ],
  [
    'Redis',
    () => ({
      module: SessionModule.forRoot({
        secret: 'a secret of this test that is long enough',
        store: new RedisSessionStore({
          url: env('REDIS_URL'),
          prefix: `test:${randomBytes(4).toString('hex')}:`,
        }),
      }),
      close: () => Promise.resolve(),
    }),
  ],
];

describe.each(STORES)(
  'SessionModule in an app of its own (%s)',
  (_name, make) => {
    let app: NestExpressApplication;
    let close: () => Promise<void>;
    let server: App;

    async function start(module: DynamicModule) {
      @Module({
        imports: [module],
        controllers: [VisitsController],
        providers: [
          { provide: APP_INTERCEPTOR, useClass: SessionCommitInterceptor },
        ],
      })
      class AppModule {}
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule],
      }).compile();
      const created = moduleRef.createNestApplication<NestExpressApplication>({
        logger: ['error'],
      });
      created.use(created.get(SessionService).middleware());
      await created.init();
      return created;
    }

    beforeAll(async () => {
      const made = make();
      close = made.close;
      app = await start(made.module);
      server = app.getHttpServer();
    });

    afterAll(async () => {
      await app.close();
      await close();
    });

    const sidOf = (res: request.Response) => {
      const header: string[] | string = res.headers['set-cookie'] ?? [];
      return [header]
        .flat()
        .find((line) => line.startsWith('sid='))
        ?.split(';')[0];
    };

    it('counts a visitor’s visits, 20 parallel ones included', async () => {
      const first = await request(server)
        .get('/visits')
        .expect(200, { visits: 1 });
      const cookie = sidOf(first)!;
      expect(cookie).toBeDefined();
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

    it('sets no cookie and stores nothing for a visitor whose session holds nothing', async () => {
      const res = await request(server).get('/me').expect(200);
      expect(sidOf(res)).toBeUndefined();
    });

    it('a login gives a new session ID that keeps the data; the old ID opens nothing', async () => {
      const first = await request(server).post('/note').expect(200);
      const before = sidOf(first)!;
      const login = await request(server)
        .post('/login')
        .set('Cookie', before)
        .expect(200);
      const after = sidOf(login)!;
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      await request(server)
        .get('/me')
        .set('Cookie', after)
        .expect(200, { user: 'ada', note: 'kept' });
      await request(server)
        .get('/me')
        .set('Cookie', before)
        .expect(200, { user: null, note: null });
    });

    it('removes a cookie that names no stored session, so the browser stops sending it and nothing is looked up', async () => {
      const agent = request.agent(server);
      const cookie = sidOf(await agent.post('/login').expect(200))!;
      const sid = decodeURIComponent(cookie.slice(4)).slice(2).split('.')[0];
      const store = app.get(SessionService).store;
      // Ended elsewhere (another device, a timeout): the browser still has the cookie.
      await new Promise((done) => store.destroy(sid, done));
      let lookups = 0;
      const count = () => lookups++;
      store.on('get', count);
      try {
        const stale = await agent
          .get('/me')
          .expect(200, { user: null, note: null });
        expect(lookups).toBe(1);
        expect([stale.headers['set-cookie']].flat()).toEqual([
          expect.stringMatching(
            /^sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
          ),
        ]);
        await agent.get('/me').expect(200, { user: null, note: null });
        expect(lookups).toBe(1);
      } finally {
        store.off('get', count);
      }
    });

    it('logout ends the session: its record is deleted', async () => {
      const login = await request(server).post('/login').expect(200);
      const cookie = sidOf(login)!;
      const sid = decodeURIComponent(cookie.slice(4)).slice(2).split('.')[0];
      const store = app.get(SessionService).store;
      expect((await store.read(sid))?.key).toBe(sha256(sid));
      await request(server).post('/logout').set('Cookie', cookie).expect(200);
      expect(await store.read(sid)).toBeNull();
      await request(server)
        .get('/me')
        .set('Cookie', cookie)
        .expect(200, { user: null, note: null });
    });
  },
);
