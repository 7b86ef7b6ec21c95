import { I18nService, LANGUAGES } from './i18n.service.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

/** Every leaf key of a catalogue, dotted as the views name them. */
function leafKeys(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof child === 'string' ? [path] : leafKeys(child as object, path);
  });
}

describe('I18nService.t', () => {
  const i18n = new I18nService({ isProduction: false }, {
    cookieOptions: {},
  } as never);
  const keys = [...new Set([...leafKeys(en), ...leafKeys(fr)])];

  it('gives every text without values as i18next resolves it, in every language', () => {
    expect(keys.length).toBeGreaterThan(100);
    for (const lang of LANGUAGES) {
      for (const key of keys) {
        // A value nothing uses sends the lookup through i18next itself.
        expect([key, i18n.t(key, lang)]).toEqual([
          key,
          i18n.t(key, lang, { unused: undefined }),
        ]);
      }
    }
  });

  it('translates, falls back to English and names unknown keys as i18next does', () => {
    expect(i18n.t('nav.home', 'fr')).toBe(fr.nav.home);
    expect(i18n.t('nav.home', 'en')).toBe(en.nav.home);
    expect(i18n.t('nav.home', 'de')).toBe(en.nav.home);
    expect(i18n.t('no.such.key', 'fr')).toBe('no.such.key');
    expect(i18n.t('nav', 'en')).toBe(i18n.t('nav', 'en', { unused: 1 }));
  });

  it('puts values in and chooses plural forms', () => {
    expect(i18n.t('panel.bytes', 'en', { count: 1 })).toBe('1 byte');
    expect(i18n.t('panel.bytes', 'en', { count: 2 })).toBe('2 bytes');
  });

  it('gives a text with values as i18next does, also when it answers from memory', () => {
    const lookups: [string, Record<string, unknown>][] = [
      ['panel.bytes', { count: 0 }],
      ['panel.bytes', { count: 1 }],
      ['panel.bytes', { count: 1234 }],
      ['panel.bytes', { count: '1' }],
      ['panel.intro', { id: 'ab12cd…' }],
      ['panel.intro', { id: '<b>"x" & \'y\'</b>' }],
      ['panel.intro', { id: true }],
      ['no.such.key', { id: 'x' }],
    ];
    for (const lang of [...LANGUAGES, 'de']) {
      for (const [key, values] of lookups) {
        // An object among the values keeps the lookup out of the memory: i18next answers.
        const fresh = i18n.t(key, lang, { ...values, unused: {} });
        expect([key, lang, i18n.t(key, lang, values)]).toEqual([
          key,
          lang,
          fresh,
        ]);
        expect([key, lang, i18n.t(key, lang, values)]).toEqual([
          key,
          lang,
          fresh,
        ]);
      }
    }
    // The same value as a number and as a string are two lookups.
    expect(i18n.t('panel.bytes', 'en', { count: 1 })).toBe('1 byte');
    expect(i18n.t('panel.bytes', 'en', { count: '1' })).toBe(
      i18n.t('panel.bytes', 'en', { count: '1', unused: {} }),
    );
  });
});
