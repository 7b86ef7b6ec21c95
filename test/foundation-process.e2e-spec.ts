import { connect, createServer, type Server, type Socket } from 'node:net';
import { request as httpRequest, Agent } from 'node:http';
import { ensureBuilt, startApp, type AppProcess } from './utils/app-process.js';
import { FerretDb, freePort } from './utils/ferretdb.js';
import { eventually } from './utils/session-helpers.js';
import {
  dropDatabase,
  TEST_SECRET,
  uniqueDatabaseUri,
} from './utils/test-app.js';

/** The built app, `node dist/main.js`, as people and containers run it. */
describe('foundation: the built app (node dist/main.js)', () => {
  const apps: AppProcess[] = [];
  const launch = (env: Record<string, string>): AppProcess => {
    const app = startApp(env);
    apps.push(app);
    return app;
  };

  beforeAll(() => {
    ensureBuilt();
  }, 200_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.dispose()));
  });

  /** The lines the app printed, without blank ones. */
  const lines = (app: AppProcess): string[] =>
    app
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');

  /**
   * How long the app takes to load and give up on a configuration error: the
   * machine's share of any start-up time (several seconds on a busy CI box).
   */
  let loadMs = 0;

  describe('refuses to start, printing one line that names the problem', () => {
    it('in production without SESSION_SECRET: exit code 1', async () => {
      const app = launch({ NODE_ENV: 'production' });
      const exit = await app.exited;
      loadMs = exit.ms;
      expect(exit.code).toBe(1);
      expect(lines(app)).toEqual([
        'Cannot start: Invalid environment: SESSION_SECRET: required when NODE_ENV=production (or set SESSION_SECRET_FILE)',
      ]);
    }, 30_000);

    it('in production with a secret shorter than 32 characters', async () => {
      const app = launch({
        NODE_ENV: 'production',
        SESSION_SECRET: 'only-twenty-chars-xx',
      });
      expect((await app.exited).code).toBe(1);
      const printed = lines(app);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(
        /^Cannot start: .*SESSION_SECRET: .*shorter than 32 characters/,
      );
    }, 30_000);

    it('with PORT=abc', async () => {
      const app = launch({ NODE_ENV: 'production', PORT: 'abc' });
      expect((await app.exited).code).toBe(1);
      const printed = lines(app);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(/^Cannot start: .*PORT: .*"abc"/);
    }, 30_000);

    it('within 10 s when the database cannot be reached, naming the URI with its password masked', async () => {
      const closedPort = await freePort();
      const uri = `mongodb://user:pw-s3cr3t@127.0.0.1:${closedPort}/db`;
      const app = launch({
        NODE_ENV: 'production',
        SESSION_SECRET: TEST_SECRET,
        MONGODB_URI: uri,
      });
      const exit = await app.exited;
      expect(exit.code).toBe(1);
      // Within 10 s on an idle machine (about 1 s to load, 5 s for the driver
      // to give up); what a loaded machine adds to loading is not the app's.
      expect(exit.ms - Math.max(0, loadMs - 1_000)).toBeLessThan(10_000);
      const printed = lines(app);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toContain(
        `the database at mongodb://user:****@127.0.0.1:${closedPort}/db cannot be reached`,
      );
      expect(printed[0]).toContain('`npm run dev`');
      expect(printed[0]).toContain('`npm run db:start`');
      expect(printed[0]).not.toContain('docker compose');
      expect(app.output()).not.toContain('pw-s3cr3t');
    }, 40_000);

    it('with HOST that is not an address to listen on', async () => {
      const app = launch({ NODE_ENV: 'development', HOST: 'http://0.0.0.0' });
      expect((await app.exited).code).toBe(1);
      expect(lines(app)).toEqual([
        'Cannot start: Invalid environment: HOST: must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface), :: or a host name (got "http://0.0.0.0")',
      ]);
    }, 30_000);

    it('with LOG_LEVEL that is not a level', async () => {
      const app = launch({ NODE_ENV: 'development', LOG_LEVEL: 'loud' });
      expect((await app.exited).code).toBe(1);
      expect(lines(app)).toEqual([
        'Cannot start: Invalid environment: LOG_LEVEL: must be one of error, warn, log, debug, verbose (got "loud")',
      ]);
    }, 30_000);

    it('with a MONGODB_URI that names no database (the driver would use "test")', async () => {
      const app = launch({
        NODE_ENV: 'development',
        MONGODB_URI: 'mongodb://127.0.0.1:27017/?authSource=admin',
      });
      expect((await app.exited).code).toBe(1);
      const printed = lines(app);
      expect(printed).toHaveLength(1);
      expect(printed[0]).toMatch(
        /^Cannot start: Invalid environment: MONGODB_URI: names no database/,
      );
    }, 30_000);

    describe('when the database refuses the credentials', () => {
      let db: FerretDb;
      beforeAll(async () => {
        db = await FerretDb.start({
          args: [
            '--test-enable-new-auth',
            '--setup-database=admin',
            '--setup-username=app',
            '--setup-password=right-password',
          ],
        });
      }, 60_000);
      afterAll(async () => {
        await db?.dispose();
      });

      it('says so, with no advice to start a database, password masked', async () => {
        const app = launch({
          NODE_ENV: 'production',
          SESSION_SECRET: TEST_SECRET,
          MONGODB_URI: `mongodb://app:wrong-password@127.0.0.1:${db.port}/refused?authSource=admin`,
        });
        expect((await app.exited).code).toBe(1);
        const printed = lines(app);
        expect(printed).toHaveLength(1);
        expect(printed[0]).toContain(
          `Cannot start: the database at mongodb://app:****@127.0.0.1:${db.port}/refused?authSource=admin refused the credentials in MONGODB_URI (Authentication failed.)`,
        );
        expect(printed[0]).not.toContain('db:start');
        expect(app.output()).not.toContain('wrong-password');
      }, 40_000);
    });

    it('when the port is taken, naming PORT', async () => {
      const port = await freePort();
      const blocker = await new Promise<Server>((done) => {
        const server = createServer();
        server.listen(port, '127.0.0.1', () => done(server));
      });
      const databaseUri = uniqueDatabaseUri('process_port');
      try {
        const app = launch({
          NODE_ENV: 'production',
          SESSION_SECRET: TEST_SECRET,
          MONGODB_URI: databaseUri,
          PORT: String(port),
        });
        expect((await app.exited).code).toBe(1);
        expect(lines(app)).toEqual([
          `Cannot start: PORT: cannot listen on port ${port} (already in use). Stop the other process or set PORT to a free port.`,
        ]);
      } finally {
        await new Promise((done) => blocker.close(done));
        await dropDatabase(databaseUri);
      }
    }, 40_000);
  });

  describe('serving: where it listens, how it shuts down on SIGTERM', () => {
    const databaseUris: string[] = [];

    afterAll(async () => {
      await Promise.all(databaseUris.map((uri) => dropDatabase(uri)));
    });

    async function startServing(
      env: Record<string, string> = {},
      shownHost = '127.0.0.1',
    ): Promise<{ app: AppProcess; port: number }> {
      const port = await freePort();
      const databaseUri = uniqueDatabaseUri('process_shutdown');
      databaseUris.push(databaseUri);
      const app = launch({
        NODE_ENV: 'production',
        SESSION_SECRET: TEST_SECRET,
        MONGODB_URI: databaseUri,
        PORT: String(port),
        ...env,
      });
      await app.waitForOutput(
        `Listening on http://${shownHost}:${port}`,
        30_000,
      );
      return { app, port };
    }

    function get(
      port: number,
      path: string,
      agent?: Agent,
      host = '127.0.0.1',
    ): Promise<{ status: number; body: string }> {
      return new Promise((done, fail) => {
        const req = httpRequest({ host, port, path, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => done({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', fail);
        req.end();
      });
    }

    /** Sends a request's headers and half its body, leaving it in flight. */
    /**
     * A POST whose body is half sent, once the app has read its headers: it
     * asks for `100 Continue`, which the server sends when it has them.
     * Answers the socket and the final response, as text, when it comes.
     */
    function startSlowRequest(
      port: number,
    ): Promise<{ socket: Socket; response: Promise<string> }> {
      return new Promise((done, fail) => {
        let text = '';
        let continued = false;
        const socket = connect({ host: '127.0.0.1', port }, () => {
          socket.write(
            'POST /no-such-page HTTP/1.1\r\nHost: localhost\r\n' +
              'Content-Type: application/x-www-form-urlencoded\r\n' +
              'Expect: 100-continue\r\n' +
              'Content-Length: 8\r\nConnection: close\r\n\r\n',
          );
        });
        socket.setEncoding('utf8');
        const response = new Promise<string>((resolve) =>
          socket.on('close', () => resolve(text)),
        );
        socket.on('data', (chunk: string) => {
          if (continued) return void (text += chunk);
          const interim = /^HTTP\/1\.1 100 Continue\r\n\r\n/.exec(chunk);
          if (!interim) return fail(new Error(`no 100 Continue: ${chunk}`));
          continued = true;
          text += chunk.slice(interim[0].length);
          socket.write('a=1&');
          done({ socket, response });
        });
        socket.on('error', fail);
      });
    }

    /** The lines a start printed, up to the shutdown it is sent at once. */
    async function startLines(env: Record<string, string>): Promise<string[]> {
      const { app, port } = await startServing(env);
      expect((await get(port, '/health')).status).toBe(200);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      const printed = lines(app);
      const shutdown = printed.findIndex((line) =>
        line.includes('SIGTERM: finishing open requests'),
      );
      return shutdown === -1 ? printed : printed.slice(0, shutdown);
    }

    const FRAMEWORK_LINE =
      /\[(NestFactory|InstanceLoader|RoutesResolver|RouterExplorer|NestApplication)\]/;

    it('starts quietly: where it listens and the demo account first, no framework lines, no warning', async () => {
      const printed = await startLines({
        NODE_ENV: 'development',
        SEED_DEMO_USER: 'true',
      });
      expect(printed[0]).toMatch(
        /LOG \[Bootstrap\] Listening on http:\/\/127\.0\.0\.1:\d+$/,
      );
      expect(printed[1]).toContain(
        '[Bootstrap] Development mode (NODE_ENV=development): the demo account admin@nomades.ch / 1234 exists',
      );
      // Then at most the store's note on TTL indexes and the demo account's creation.
      expect(printed.length).toBeLessThanOrEqual(4);
      expect(printed.filter((line) => FRAMEWORK_LINE.test(line))).toEqual([]);
      expect(printed.filter((line) => /\b(WARN|ERROR)\b/.test(line))).toEqual(
        [],
      );
    }, 40_000);

    it('in production too: the address and the mode first, no framework lines, no warning', async () => {
      const printed = await startLines({});
      expect(printed[0]).toMatch(/\[Bootstrap\] Listening on http:/);
      expect(printed[1]).toContain(
        '[Bootstrap] Production mode (NODE_ENV=production)',
      );
      expect(printed.length).toBeLessThanOrEqual(3);
      expect(printed.filter((line) => FRAMEWORK_LINE.test(line))).toEqual([]);
      expect(printed.filter((line) => /\b(WARN|ERROR)\b/.test(line))).toEqual(
        [],
      );
    }, 40_000);

    it('shows the modules and routes with LOG_LEVEL=debug, after the address', async () => {
      const printed = await startLines({ LOG_LEVEL: 'debug' });
      expect(printed[0]).toMatch(/\[Bootstrap\] Listening on http:/);
      expect(printed).toContainEqual(
        expect.stringMatching(
          /DEBUG \[InstanceLoader\] HealthModule dependencies initialized$/,
        ),
      );
      expect(printed).toContainEqual(
        expect.stringMatching(
          /DEBUG \[RouterExplorer\] Mapped \{\/health, GET\} route$/,
        ),
      );
    }, 40_000);

    it('listens on 127.0.0.1 only unless HOST says otherwise', async () => {
      const { app, port } = await startServing();
      expect((await get(port, '/health')).status).toBe(200);
      // Another loopback address of this machine: a server on every interface would answer there.
      await expect(
        get(port, '/health', undefined, '127.0.0.2'),
      ).rejects.toThrow(/ECONNREFUSED/);
      expect(app.output()).toContain(
        'Production mode (NODE_ENV=production): Secure __Host- cookies, a real SESSION_SECRET, no demo account',
      );
    }, 40_000);

    it('listens on every interface with HOST=0.0.0.0, as the Docker image sets it', async () => {
      const { app, port } = await startServing(
        { HOST: '0.0.0.0' },
        'localhost',
      );
      expect((await get(port, '/health', undefined, '127.0.0.2')).status).toBe(
        200,
      );
      expect(app.output()).toContain(
        `Listening on http://localhost:${port} and every other address of this machine (HOST=0.0.0.0)`,
      );
    }, 40_000);

    it('exits 0 promptly, not held up by an idle keep-alive connection', async () => {
      const { app, port } = await startServing();
      const agent = new Agent({ keepAlive: true });
      const health = await get(port, '/health', agent);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({
        status: 'ok',
        info: {
          mongo: { status: 'up' },
          sessions: { status: 'up', store: 'mongodb' },
        },
      });

      const signalled = Date.now();
      app.child.kill('SIGTERM');
      const exit = await app.exited;
      agent.destroy();
      expect({ code: exit.code, signal: exit.signal }).toEqual({
        code: 0,
        signal: null,
      });
      expect(Date.now() - signalled).toBeLessThan(3_000);
      expect(app.output()).toContain('SIGTERM: finishing open requests');
    }, 40_000);

    it('lets a request in flight finish before exiting', async () => {
      const { app, port } = await startServing();
      // The request is being read when the signal arrives.
      const { socket, response } = await startSlowRequest(port);
      app.child.kill('SIGTERM');
      expect(
        await eventually(
          () => app.output().includes('SIGTERM: finishing open requests'),
          5_000,
          20,
        ),
      ).toBe(true);
      socket.write('b=2&');
      expect(await response).toMatch(/^HTTP\/1\.1 (404|403|303) /);
      const exit = await app.exited;
      expect(exit.code).toBe(0);
    }, 40_000);

    it('cuts off a request still running after SHUTDOWN_GRACE_MS', async () => {
      const { app, port } = await startServing({ SHUTDOWN_GRACE_MS: '1000' });
      const { response } = await startSlowRequest(port);
      const signalled = Date.now();
      app.child.kill('SIGTERM');
      const exit = await app.exited;
      const elapsed = Date.now() - signalled;
      expect(exit.code).toBe(0);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(4_000);
      expect(await response).toBe('');
      expect(app.output()).toContain('Grace period over');
    }, 40_000);
  });
});
