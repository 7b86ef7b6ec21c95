import { createServer, Socket, type Server } from 'node:net';

export type FaultMode = 'pass' | 'drop-session-writes' | 'hold-session-writes';

/**
 * A TCP proxy between the app and the database that can break the connection,
 * or hold it back until the test releases it, when a session write goes
 * through: a real network fault for the real database, at the moment a test
 * chooses. Which bytes are a session write is the database's own protocol
 * (isMongoSessionWrite, isRedisSessionWrite); everything else passes
 * untouched.
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
    private readonly isSessionWrite: (
      chunk: Buffer,
    ) => boolean = isMongoSessionWrite,
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
      if (this.mode === 'pass' || !this.isSessionWrite(chunk)) {
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

// A MongoDB session write: the start of the wire-protocol command document,
// `update`, `insert` or `findAndModify` on `"sessions"`.
const MONGO_SESSION_WRITES = ['update', 'insert', 'findAndModify'].map(
  (command) =>
    Buffer.concat([
      Buffer.from([0x02]),
      Buffer.from(`${command}\0`, 'latin1'),
      Buffer.from([0x09, 0x00, 0x00, 0x00]),
      Buffer.from('sessions\0', 'latin1'),
    ]),
);

export function isMongoSessionWrite(chunk: Buffer): boolean {
  return MONGO_SESSION_WRITES.some((write) => chunk.includes(write));
}

/** A Redis session write: every write of the store is a Lua script (reads are HGETALL, ZRANGEBYSCORE). */
export function isRedisSessionWrite(chunk: Buffer): boolean {
  const text = chunk.toString('latin1');
  return text.includes('\r\nEVALSHA\r\n') || text.includes('\r\nEVAL\r\n');
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
