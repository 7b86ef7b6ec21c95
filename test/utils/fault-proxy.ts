import { createServer, Socket, type Server } from 'node:net';

export type FaultMode = 'pass' | 'drop-session-writes' | 'hold-session-writes';

/**
 * A TCP proxy between the app and the database that can break the connection,
 * or hold it back until the test releases it, when a write to the `sessions`
 * collection goes through: a real network fault for the real database, at the
 * moment a test chooses.
 * It recognises the write by the start of the wire-protocol command document
 * (`update`, `insert` or `findAndModify` on `"sessions"`); everything else
 * passes untouched.
 */
export class FaultProxy {
  mode: FaultMode = 'pass';
  /** How many session writes the proxy broke or held back. */
  faults = 0;
  /** The held-back writes, each sending its bytes on when called. */
  private held: (() => void)[] = [];
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening on a free loopback port; returns it. */
  async start(): Promise<number> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const address = this.server.address();
    if (!address || typeof address === 'string')
      throw new Error('proxy has no port');
    return address.port;
  }

  /** Lets every held-back session write go on to the database, in order. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const go of held) go();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private pipe(client: Socket): void {
    const upstream = new Socket();
    this.sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    upstream.connect(this.targetPort, this.targetHost);
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'pass' || !isSessionWrite(chunk)) {
        upstream.write(chunk);
        return;
      }
      this.faults += 1;
      if (this.mode === 'drop-session-writes') {
        close();
        return;
      }
      client.pause();
      this.held.push(() => {
        upstream.write(chunk);
        client.resume();
      });
    });
  }
}

// A new session is inserted, an existing one updated (findAndModify, which
// answers with the document as the update left it).
const SESSION_WRITES = ['update', 'insert', 'findAndModify'].map((command) =>
  Buffer.concat([
    Buffer.from([0x02]),
    Buffer.from(`${command}\0`, 'latin1'),
    Buffer.from([0x09, 0x00, 0x00, 0x00]),
    Buffer.from('sessions\0', 'latin1'),
  ]),
);

function isSessionWrite(chunk: Buffer): boolean {
  return SESSION_WRITES.some((write) => chunk.includes(write));
}

/** host and port of a mongodb:// URI with a single host. */
export function hostAndPort(uri: string): { host: string; port: number } {
  const url = new URL(uri);
  return { host: url.hostname, port: Number(url.port || 27017) };
}

/** The same URI with another port. */
export function withPort(uri: string, port: number): string {
  const url = new URL(uri);
  url.port = String(port);
  return url.toString();
}
