import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { englishOf, translateMessage } from './i18n.service.js';
import { enMessages } from './locales/en.js';
import { frMessages } from './locales/fr.js';
import {
  isPlural,
  MESSAGE_TEMPLATES,
  messageFrom,
  placeholdersOf,
} from './messages.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** Where the 503 and 413 of a failed save are written, in English: the app translates them. */
const SESSION_SERVICE = join(SRC, '../packages/session/src/session.service.ts');

/** The app's own source files (no tests), relative to src/. */
function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .sort();
}

interface ValidationMessage {
  where: string;
  message: unknown;
}

/** The message of every constraint of every DTO (src/<feature>/dto/*.ts), read from class-validator's metadata. */
async function dtoMessages(): Promise<ValidationMessage[]> {
  const found: ValidationMessage[] = [];
  for (const file of sourceFiles().filter((f) => /(^|\/)dto\//.test(f))) {
    const exports = (await import(join(SRC, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function') continue;
      const metadata = getMetadataStorage().getTargetValidationMetadatas(
        value,
        '',
        true,
        false,
      );
      for (const constraint of metadata) {
        // @IsOptional and the like decide whether to validate; they have no message.
        if (constraint.type === 'conditionalValidation') continue;
        found.push({
          where: `${file} ${name}.${constraint.propertyName}`,
          message: constraint.message,
        });
      }
    }
  }
  return found;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function pluralForms(lang: string): string[] {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
}

/** The entries a template needs in a catalogue: itself, or one per plural form of the language. */
function entriesFor(text: string, lang: string): string[] {
  return isPlural(text)
    ? pluralForms(lang).map((form) => `${text}_${form}`)
    : [text];
}

describe('Message catalogues', () => {
  let validation: ValidationMessage[];
  let templates: string[];

  beforeAll(async () => {
    validation = await dtoMessages();
    templates = [
      ...MESSAGE_TEMPLATES,
      ...validation.map(({ message }) => String(message)),
    ];
  });

  it('finds the DTOs and their validation messages', () => {
    const places = validation.map(({ where }) => where);
    expect(places).toContain(
      'dictionary/dto/session-key.dto.ts SetSessionValueDto.key',
    );
    expect(places).toContain('auth/dto/login.dto.ts LoginDto.email');
    expect(places).toContain('course/dto/language.dto.ts LanguageDto.lang');
    expect(validation.length).toBeGreaterThan(30);
  });

  it('gives every validation constraint a message of its own, as a fixed English template', () => {
    for (const { where, message } of validation) {
      expect({ where, message: typeof message }).toEqual({
        where,
        message: 'string',
      });
      // class-validator fills `$value`, `$constraint1`… before the message could be translated.
      expect({ where, message }).not.toEqual({
        where,
        message: expect.stringMatching(/\$[a-z]/) as unknown,
      });
    }
  });

  it('has a French entry, with the same placeholders, for every message', () => {
    const missing: string[] = [];
    const mismatched: string[] = [];
    for (const text of new Set(templates)) {
      for (const entry of entriesFor(text, 'fr')) {
        const translation = frMessages[entry];
        if (translation === undefined) missing.push(entry);
        else if (
          placeholdersOf(translation).join() !== placeholdersOf(text).join()
        )
          mismatched.push(`${entry} → ${translation}`);
      }
    }
    expect(missing).toEqual([]);
    expect(mismatched).toEqual([]);
  });

  it('has the English plural forms of every template with a count', () => {
    for (const text of templates.filter(isPlural)) {
      for (const entry of entriesFor(text, 'en')) {
        expect({ entry, english: enMessages[entry] }).toEqual({
          entry,
          english: expect.any(String) as unknown,
        });
        expect(placeholdersOf(enMessages[entry]).join()).toBe(
          placeholdersOf(text).join(),
        );
      }
    }
  });

  it('holds no entry for a message the app no longer has', () => {
    const known = new Set(templates);
    const stale = [...Object.keys(frMessages), ...Object.keys(enMessages)]
      .map((key) => key.replace(PLURAL_SUFFIX, ''))
      .filter((key) => !known.has(key));
    expect(stale).toEqual([]);
  });

  it('lists only templates the code uses (the session package’s answers included), once each', () => {
    expect(new Set(MESSAGE_TEMPLATES).size).toBe(MESSAGE_TEMPLATES.length);
    const code = [
      ...sourceFiles()
        .filter((file) => !file.startsWith('i18n/'))
        .map((file) => join(SRC, file)),
      SESSION_SERVICE,
    ]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = MESSAGE_TEMPLATES.filter(
      (text) => !code.includes(`'${text}'`),
    );
    expect(unused).toEqual([]);
  });
});

describe('translateMessage', () => {
  it('translates the template, then puts the values in', () => {
    const stored = { text: 'Stored session["%{key}"]', values: { key: 'x' } };
    expect(englishOf(stored)).toBe('Stored session["x"]');
    expect(translateMessage(stored, 'fr')).toBe('session["x"] est enregistré');
  });

  it('picks the plural form from the count, in each language', () => {
    const ended = (count: number) => ({
      text: 'Ended %{count} other sessions',
      values: { count },
    });
    expect(englishOf(ended(1))).toBe('Ended 1 other session');
    expect(englishOf(ended(3))).toBe('Ended 3 other sessions');
    expect(translateMessage(ended(1), 'fr')).toBe('1 autre session terminée');
    expect(translateMessage(ended(3), 'fr')).toBe(
      '3 autres sessions terminées',
    );
  });

  it('never reads a value as a template, a nested key or an option', () => {
    const text = 'There was no key "%{key}" in the session';
    for (const key of ['%{key}', '$t(nav.home)', '$$&$1', '{{x}}']) {
      expect(translateMessage({ text, values: { key } }, 'fr')).toBe(
        `La session n’avait pas de clé "${key}"`,
      );
    }
    expect(
      translateMessage(
        { text, values: { key: 'k', lng: 'en', ns: 'translation' } },
        'fr',
      ),
    ).toBe('La session n’avait pas de clé "k"');
  });

  it('leaves markup to the view: the text comes back as it is, for {{ }} to escape', () => {
    expect(
      englishOf({
        text: 'Stored session["%{key}"]',
        values: { key: '<script>' },
      }),
    ).toBe('Stored session["<script>"]');
  });

  it('leaves a text outside the catalogues as it is', () => {
    expect(translateMessage('Cannot GET /nowhere', 'fr')).toBe(
      'Cannot GET /nowhere',
    );
  });
});

describe('messageFrom', () => {
  it('takes a template with its values, or a Message', () => {
    expect(messageFrom('Counter reset')).toEqual({
      text: 'Counter reset',
      values: {},
    });
    expect(messageFrom({ text: 'a %{n}', values: { n: 2 } })).toEqual({
      text: 'a %{n}',
      values: { n: 2 },
    });
  });

  it('drops what a stored session should not hold', () => {
    expect(messageFrom(42)).toBeUndefined();
    expect(messageFrom({ text: ['x'] })).toBeUndefined();
    expect(messageFrom('a %{n}', { n: { $gt: 1 }, m: 'ok', l: ['x'] })).toEqual(
      { text: 'a %{n}', values: { m: 'ok' } },
    );
    expect(messageFrom('a', 'not an object')).toEqual({
      text: 'a',
      values: {},
    });
  });
});
