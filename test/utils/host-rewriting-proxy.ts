import {
  createServer,
  request as forward,
  type IncomingHttpHeaders,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostRewritingProxy {
  /** The proxy's own address, http://127.0.0.1:port. */
  url: string;
  close(): Promise<void>;
}

/**
 * A reverse proxy on 127.0.0.1 configured as nginx is by default with
 * `proxy_pass http://127.0.0.1:<port>;`: the upstream gets `Host:
 * 127.0.0.1:<port>` (`proxy_set_header Host $proxy_host`), not the name the
 * browser used, plus `X-Forwarded-For` and `X-Forwarded-Proto: https` (the
 * proxy terminates TLS). Everything else passes through as it is, both ways.
 */
export async function startHostRewritingProxy(
  upstreamPort: number,
): Promise<HostRewritingProxy> {
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = {
      ...req.headers,
      host: `127.0.0.1:${upstreamPort}`,
      'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
      'x-forwarded-proto': 'https',
    };
    const upstream = forward(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
