import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests that Node's HTTP parser refuses (headers over 16 kB — usually a
 * cookie jar grown too big —, malformed request lines) never reach Express.
 * Node's own answer to them is a bare status line with an empty body; this
 * one says what is wrong, readable in a browser and by a script alike.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code as string) === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            "The request's headers are too large (often too many or too big cookies). Delete this site's cookies and try again.",
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'The request took too long to arrive.']
          : [400, 'Bad Request', 'The request could not be read.'];
    const body =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${reason}</title></head>` +
      `<body><h1>${reason}</h1><p data-testid="error-message">${message}</p></body></html>`;
    // An answer to HEAD has no body; the packet in error starts with the request line.
    const raw = (error as { rawPacket?: Buffer }).rawPacket;
    const isHead = raw?.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Content-Type: text/html; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        (isHead ? '' : body),
    );
  });
}
