import type { Request } from 'express';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address limits count by: the client's IPv4 address, or the /64 its
 * IPv6 address is in (one subscriber usually holds a whole /64, so counting
 * single IPv6 addresses would hand an attacker 2^64 allowances). Comes from
 * X-Forwarded-For only when TRUST_PROXY=true (Express's `req.ip`).
 */
export function clientAddressOf(req: Request): string {
  return addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [
        ...left,
        ...Array<string>(8 - left.length - right.length).fill('0'),
        ...right,
      ]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
