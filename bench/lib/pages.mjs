// The same-page check: the pages the scenarios measure, fetched from our app
// and from the baseline in the same state, compared after removing what
// differs by nature (tokens, session IDs, times, the stored document itself).
import { cookieFrom, login, request } from './http.mjs';

/** Response headers that differ from response to response, whoever serves them. */
const VOLATILE_HEADERS = new Set(['date', 'etag', 'content-length', 'connection', 'keep-alive', 'set-cookie']);
/** Headers whose value is new on every response: compared for presence only. */
const ID_HEADERS = new Set(['x-request-id']);
const headerValue = (headers, name) =>
  headers[name] === undefined ? undefined : ID_HEADERS.has(name) ? '<id>' : String(headers[name]);

/** The page without what differs by nature between two servers and two sessions. */
export function normalise(html) {
  return (
    html
      // CSRF tokens (csrf-csrf: hex HMAC "." hex random value).
      .replace(/[0-9a-f]{64}\.[0-9a-f]{64}/g, '<csrf token>')
      // The stored document as JSON: it holds each store's own bookkeeping fields.
      .replace(/(<pre class="stored-json"[^>]*><code>)[\s\S]*?(<\/code><\/pre>)/g, '$1<stored document>$2')
      // The document's size, its short ID and its dates.
      .replace(/<dd>[\d,]+ (bytes|octets)<\/dd>/g, '<dd><size></dd>')
      .replace(/[A-Za-z0-9_-]{6}…/g, '<id>…')
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g, '<date>')
      .replace(/datetime="[^"]*"/g, 'datetime="<date>"')
  );
}

/** Set-Cookie lines as "name; attributes", without the values. */
function cookieShapes(headers) {
  return (headers['set-cookie'] ?? []).map((line) => {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const name = pair.split('=')[0];
    return [name, ...attributes.filter((a) => !/^expires=/i.test(a))].join('; ');
  }).sort();
}

function headerDifferences(a, b) {
  const names = [...new Set([...Object.keys(a.headers), ...Object.keys(b.headers)])].filter((n) => !VOLATILE_HEADERS.has(n)).sort();
  const out = [];
  for (const name of names)
    if (headerValue(a.headers, name) !== headerValue(b.headers, name))
      out.push(`${name}: ours ${a.headers[name] ?? '(none)'} / baseline ${b.headers[name] ?? '(none)'}`);
  const [ca, cb] = [cookieShapes(a.headers), cookieShapes(b.headers)];
  if (ca.join('\n') !== cb.join('\n')) out.push(`set-cookie: ours [${ca.join(' | ')}] / baseline [${cb.join(' | ')}]`);
  if (a.status !== b.status) out.push(`status: ours ${a.status} / baseline ${b.status}`);
  return out;
}

function lineDifferences(a, b, max = 5) {
  const [la, lb] = [a.split('\n'), b.split('\n')];
  const out = [];
  for (let i = 0; i < Math.max(la.length, lb.length) && out.length < max; i++)
    if (la[i] !== lb[i]) out.push(`line ${i + 1}: ours ${JSON.stringify((la[i] ?? '(end)').trim().slice(0, 160))} / baseline ${JSON.stringify((lb[i] ?? '(end)').trim().slice(0, 160))}`);
  return out;
}

/**
 * Each page as a scenario sees it: the counter on a visitor's second visit,
 * the login form without a cookie, the secret page just after the login (with
 * its flash message) and on the next visit.
 */
async function pagesOf(port) {
  const first = await request(port, { path: '/' });
  const cookie = cookieFrom(first);
  const counter = await request(port, { path: '/', headers: cookie ? { cookie } : {} });
  const anonymous = await request(port, { path: '/login' });
  const loggedIn = await login(port);
  const secret = () =>
    loggedIn.cookie ? request(port, { path: '/secret', headers: { cookie: loggedIn.cookie } }) : { status: loggedIn.status, headers: {}, body: '' };
  const afterLogin = await secret();
  return {
    'GET / (counter, 2nd visit)': counter,
    'GET /login (anonymous)': anonymous,
    'GET /secret (just logged in)': afterLogin,
    'GET /secret (read, logged in)': await secret(),
  };
}

/** Compares the measured pages of two servers: [{ page, same, oursBytes, baselineBytes, differences }]. */
export async function comparePages(oursPort, baselinePort) {
  const [ours, baseline] = [await pagesOf(oursPort), await pagesOf(baselinePort)];
  return Object.keys(ours).map((page) => {
    const [a, b] = [ours[page], baseline[page]];
    const differences = [...headerDifferences(a, b), ...lineDifferences(normalise(a.body), normalise(b.body))];
    return {
      page,
      same: differences.length === 0,
      oursBytes: Buffer.byteLength(a.body),
      baselineBytes: Buffer.byteLength(b.body),
      differences,
    };
  });
}
