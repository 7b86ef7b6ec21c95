// One measured run with autocannon.
import autocannon from 'autocannon';
import { PROXY_HEADERS } from './http.mjs';

/**
 * Drives `port` with `connections` connections for `seconds`. Each connection
 * takes its own cookie from `cookies` (round robin); no cookies means anonymous.
 * With `bodies`, each request sends the next of them (round robin over all
 * connections). `expect(status)` says which statuses count as success.
 */
export async function drive({ port, method = 'GET', path, body, bodies, cookies = [], connections, seconds, expect }) {
  let next = 0;
  const headers = {
    ...PROXY_HEADERS,
    ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const request = { method, path, headers, body };
  let nextBody = 0;
  if (cookies.length > 0 || bodies?.length > 1) {
    request.setupRequest = (req, context) => {
      if (cookies.length > 0 && !context.cookie) context.cookie = cookies[next++ % cookies.length];
      return {
        ...req,
        ...(bodies?.length > 1 && { body: bodies[nextBody++ % bodies.length] }),
        headers: { ...req.headers, ...(context.cookie && { cookie: context.cookie }) },
      };
    };
  }
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [request],
    timeout: 10,
  });
  let ok = 0;
  let bad = 0;
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (expect(Number(status))) ok += count;
    else bad += count;
  }
  return {
    rps: Math.round((ok / result.duration) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: ok + bad,
    errors: bad + result.errors + result.timeouts,
  };
}
