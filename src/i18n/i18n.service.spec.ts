import { I18nService } from './i18n.service.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

describe('I18nService.t', () => {
  const i18n = new I18nService({ isProduction: false }, {
    cookieOptions: {},
  } as never);

  it('translates, falls back to English and names unknown keys', () => {
    expect(i18n.t('nav.home', 'fr')).toBe(fr.nav.home);
    expect(i18n.t('nav.home', 'en')).toBe(en.nav.home);
    expect(i18n.t('nav.home', 'de')).toBe(en.nav.home);
    expect(i18n.t('no.such.key', 'fr')).toBe('no.such.key');
  });

  it('puts values in and chooses plural forms', () => {
    expect(i18n.t('panel.bytes', 'en', { count: 1 })).toBe('1 byte');
    expect(i18n.t('panel.bytes', 'en', { count: 2 })).toBe('2 bytes');
  });
});
