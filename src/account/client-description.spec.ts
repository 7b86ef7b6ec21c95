import { describeClient, maskAddress } from './client-description.js';

describe('describeClient', () => {
  it('names the browser and OS of a user agent', () => {
    const firefox =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0';
    expect(describeClient(firefox, '203.0.113.42')).toEqual({
      browser: 'Firefox 120',
      os: 'Windows 10',
      ip: '203.0.113.x',
    });
  });

  it('says unknown when there is no user agent or address', () => {
    expect(describeClient(undefined, undefined)).toEqual({
      browser: 'unknown',
      os: 'unknown',
      ip: 'unknown',
    });
  });
});

describe('maskAddress', () => {
  it.each([
    ['192.168.1.77', '192.168.1.x'],
    ['::ffff:127.0.0.1', '127.0.0.x'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3:x:x:x:x:x'],
    ['::1', '0:0:0:x:x:x:x:x'],
    ['fe80::1%eth0', 'fe80:0:0:x:x:x:x:x'],
    ['not an address', 'unknown'],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });
});
