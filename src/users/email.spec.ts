import { isPlainEmail, normaliseEmail } from './email.js';

describe('normaliseEmail', () => {
  it.each([
    ['ａｄｍｉｎ＠ｎｏｍａｄｅｓ．ｃｈ', 'admin@nomades.ch'],
    ['admin\u200b@nomades.ch', 'admin@nomades.ch'],
    ['ad\u00admin@nomades.ch', 'admin@nomades.ch'],
    ['\u202eadmin@nomades.ch', 'admin@nomades.ch'],
    ['  Admin@NOMADES.ch\u00a0', 'admin@nomades.ch'],
    ['admi\u0301n@nomades.ch', 'admín@nomades.ch'],
  ])('normalises %j to %j', (given, expected) => {
    expect(normaliseEmail(given)).toBe(expected);
  });
});

describe('isPlainEmail', () => {
  it.each([
    'admin@nomades.ch',
    'first.last+tag@example.org',
    'someone@пример.рф',
    'someone@bücher.example',
    'a_b-c@sub.example.co.uk',
  ])('accepts %s', (email) => {
    expect(isPlainEmail(normaliseEmail(email))).toBe(true);
  });

  it.each([
    '\u0430dmin@nomades.ch',
    'admin@nom\u0430des.ch',
    'admi\u0301n@nomades.ch',
    '"admin"@nomades.ch',
    'ad..min@nomades.ch',
    '.admin@nomades.ch',
    'admin@',
    'admin@nomad\u0334es.ch',
  ])('refuses %j', (email) => {
    expect(isPlainEmail(normaliseEmail(email))).toBe(false);
  });
});
