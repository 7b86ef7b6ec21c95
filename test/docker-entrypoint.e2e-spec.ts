import { spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/project-root.js';

const ENTRYPOINT = join(PROJECT_ROOT, 'docker/entrypoint.sh');
const GENERATE = join(PROJECT_ROOT, 'docker/generate-secret.sh');

/** Runs a script of the image with bash, as its entrypoint runs it, with only these variables. */
function run(script: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync('bash', [script, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Issue 17, point 3: the image must not make up a secret of its own (each
 * replica would sign with its own key); it refuses to start without one.
 * The convenience of a generated secret belongs to docker-compose.yml, whose
 * `secret` service runs generate-secret.sh once into a volume.
 */
describe('The Docker entrypoint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'entrypoint-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start without SESSION_SECRET or SESSION_SECRET_FILE, and runs nothing', () => {
    // HOME and the folder it once wrote to are writable here: nothing may be generated anyway.
    const result = run(ENTRYPOINT, { HOME: dir }, 'echo', 'started');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      'Cannot start: SESSION_SECRET or SESSION_SECRET_FILE is required (32+ random characters; the same for every instance). docker compose makes one for you (see docker-compose.yml); elsewhere give it as a secret of your platform.',
    );
  });

  it('refuses a SESSION_SECRET_FILE that cannot be read or is empty', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    for (const file of [join(dir, 'missing'), empty]) {
      const result = run(
        ENTRYPOINT,
        { SESSION_SECRET_FILE: file },
        'echo',
        'started',
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `Cannot start: SESSION_SECRET_FILE: "${file}" is missing, unreadable or empty`,
      );
    }
  });

  it('starts the command with a secret given either way', () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'x'.repeat(48));
    const given: Record<string, string>[] = [
      { SESSION_SECRET: 'y'.repeat(48) },
      { SESSION_SECRET_FILE: file },
    ];
    for (const env of given) {
      const result = run(ENTRYPOINT, env, 'echo', 'started');
      expect([result.code, result.stdout]).toEqual([0, 'started\n']);
    }
  });

  it("compose's generator writes a random secret once, readable by its owner only, and keeps it", () => {
    const target = join(dir, 'session-secret');
    const first = run(GENERATE, { SECRET_FILE: target });
    expect(first.code).toBe(0);
    const secret = readFileSync(target, 'utf8').trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const second = run(GENERATE, { SECRET_FILE: target });
    expect(second.code).toBe(0);
    expect(readFileSync(target, 'utf8').trim()).toBe(secret);
  });
});
