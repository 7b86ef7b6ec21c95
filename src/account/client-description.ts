import Bowser from 'bowser';
import { isIPv4, isIPv6 } from 'node:net';

/** What the sessions page shows about the client that opened a session. */
export interface ClientDescription {
  browser: string;
  os: string;
  /** The client address with its last part masked: enough to recognise a network, not a person. */
  ip: string;
}

const UNKNOWN = 'unknown';

export function describeClient(
  userAgent: string | undefined,
  address: string | undefined,
): ClientDescription {
  const parsed = userAgent ? Bowser.parse(userAgent.slice(0, 512)) : undefined;
  return {
    browser: joinName(parsed?.browser.name, majorOf(parsed?.browser.version)),
    os: joinName(parsed?.os.name, parsed?.os.versionName ?? parsed?.os.version),
    ip: maskAddress(address),
  };
}

/** IPv4: the last octet becomes `x`; IPv6: only the first three groups (a /48 network) are kept. */
export function maskAddress(address: string | undefined): string {
  if (!address) return UNKNOWN;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1] : address;
  if (isIPv4(plain)) return plain.replace(/\.\d+$/, '.x');
  if (isIPv6(plain)) {
    const groups = expandIPv6(plain.replace(/%.*$/, ''));
    return [...groups.slice(0, 3), 'x', 'x', 'x', 'x', 'x'].join(':');
  }
  return UNKNOWN;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros =
    tail === undefined
      ? []
      : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) =>
    group.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}

function majorOf(version: string | undefined): string | undefined {
  return version?.split('.')[0];
}

function joinName(name: string | undefined, version: string | undefined) {
  if (!name) return UNKNOWN;
  return version ? `${name} ${version}` : name;
}
