import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The package as a user gets it: `npm pack`, installed into a new Nest app
 * outside this repository with only the package and its peers, built with
 * TypeScript strict, and run against the test database and Redis. The app is
 * the README's quick start (example/src), so the recipe cannot drift.
 */

const EXAMPLE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = dirname(EXAMPLE);
const ROOT = dirname(dirname(PACKAGE));
const SECRET = 'a secret for the scratch app that is long enough';

/** The version this repository runs, so the scratch app installs what was tested. */
function versionOf(name: string): string {
  const manifest = join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string })
    .version;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A scratch app: the example's files, the tarball and the peers of one store. */
function scratchApp(tarball: string, store: 'mongodb' | 'redis'): string {
  const dir = mkdtempSync(join(tmpdir(), `nest-sessions-lift-${store}-`));
  mkdirSync(join(dir, 'src'));
  for (const file of ['main.ts', 'visits.controller.ts'])
    copyFileSync(join(EXAMPLE, 'src', file), join(dir, 'src', file));
  copyFileSync(
    join(
      EXAMPLE,
      'src',
      store === 'redis' ? 'app.module.redis.ts' : 'app.module.ts',
    ),
    join(dir, 'src', 'app.module.ts'),
  );
  // Outside the quick start: a key nobody declared must not compile.
  writeFileSync(
    join(dir, 'src', 'typed-keys.ts'),
    `import type { RequestSession } from '@nest-sessions/session';
export function misspelt(session: RequestSession): void {
  session.visits = 1;
  // @ts-expect-error: 'vists' is not a declared session key
  session.vists = 1;
}
`,
  );
  const pinned = (names: string[]) =>
    Object.fromEntries(names.map((name) => [name, versionOf(name)]));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `scratch-${store}`,
        private: true,
        type: 'module',
        dependencies: {
          '@nest-sessions/session': `file:${tarball}`,
          ...pinned([
            '@nestjs/common',
            '@nestjs/core',
            '@nestjs/platform-express',
            'reflect-metadata',
            'rxjs',
            ...(store === 'redis'
              ? ['@redis/client']
              : ['@nestjs/mongoose', 'mongoose']),
          ]),
        },
        devDependencies: pinned([
          'typescript',
          '@types/express',
          '@types/node',
        ]),
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2023',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        outDir: 'dist',
        rootDir: 'src',
      },
      include: ['src'],
    }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  run('npx', ['tsc', '-p', 'tsconfig.json'], dir);
  return dir;
}

/** The built scratch app as a process, until stop(). */
async function startApp(
  dir: string,
  env: Record<string, string>,
): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: dir,
    env: { ...process.env, ...env, PORT: String(port), SESSION_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the scratch app exited: ${output}`);
    const up = await fetch(`${base}/me`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline)
      throw new Error(`the scratch app did not answer: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The `sid=…` pair a response set, if any. */
function sidOf(res: Response): string | undefined {
  return res.headers
    .getSetCookie()
    .find((line) => line.startsWith('sid='))
    ?.split(';')[0];
}

async function json(
  base: string,
  path: string,
  cookie?: string,
  method = 'GET',
): Promise<{ body: Record<string, unknown>; sid?: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: cookie ? { cookie } : {},
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}`);
  return {
    body: (await res.json()) as Record<string, unknown>,
    sid: sidOf(res),
  };
}

describe('The package, packed and installed into a new Nest app', () => {
  let tarball: string;
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'nest-sessions-pack-'));
    run('npm', ['run', 'build'], PACKAGE);
    const packed = run(
      'npm',
      ['pack', '--pack-destination', work, '--ignore-scripts'],
      PACKAGE,
    )
      .trim()
      .split('\n')
      .pop()!;
    tarball = join(work, packed);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds only the build, the README and the manifest', () => {
    const files = run('tar', ['tzf', tarball], work).trim().split('\n').sort();
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/mongodb.d.ts');
    expect(
      files.filter(
        (file) => !/^package\/(dist\/|README\.md$|package\.json$)/.test(file),
      ),
    ).toEqual([]);
  });

  describe.each([
    ['mongodb', () => ({ MONGODB_URI: scratchDatabase() })],
    ['redis', () => ({ REDIS_URL: process.env.REDIS_URL! })],
  ] as const)('on %s', (store, envOf) => {
    let dir: string;
    const env = envOf();

    beforeAll(() => {
      dir = scratchApp(tarball, store);
    }, 300_000);

    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it(`installs without the other store's client`, () => {
      const other = store === 'redis' ? 'mongodb' : '@redis/client';
      expect(() =>
        createRequire(join(dir, 'package.json')).resolve(other),
      ).toThrow();
    });

    it('counts visits, 50 parallel ones included, across a restart; a login keeps the data under a new ID; logout ends the session', async () => {
      let app = await startApp(dir, env);
      try {
        const first = await json(app.base, '/visits');
        expect(first.body).toEqual({ visits: 1 });
        const cookie = first.sid!;
        expect(cookie).toBeDefined();
        await Promise.all(
          Array.from({ length: 50 }, () => json(app.base, '/visits', cookie)),
        );
        expect((await json(app.base, '/visits', cookie)).body).toEqual({
          visits: 52,
        });

        await app.stop();
        app = await startApp(dir, env);
        expect((await json(app.base, '/visits', cookie)).body).toEqual({
          visits: 53,
        });

        const login = await json(app.base, '/login', cookie, 'POST');
        const loggedIn = login.sid!;
        expect(loggedIn).toBeDefined();
        expect(loggedIn).not.toBe(cookie);
        expect((await json(app.base, '/me', loggedIn)).body).toEqual({
          user: 'ada',
          visits: 53,
        });
        // The ID before the login opens nothing any more.
        expect((await json(app.base, '/me', cookie)).body).toEqual({
          user: null,
          visits: 0,
        });

        await json(app.base, '/logout', loggedIn, 'POST');
        expect((await json(app.base, '/me', loggedIn)).body).toEqual({
          user: null,
          visits: 0,
        });
      } finally {
        await app.stop();
      }
    }, 120_000);
  });
});

/** A database of its own on the test server. */
function scratchDatabase(): string {
  const url = new URL(process.env.MONGODB_URI!);
  url.pathname = `/lift_${Date.now().toString(36)}`;
  return url.toString();
}
