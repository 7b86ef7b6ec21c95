/**
 * The one form of an email address that the app stores, looks accounts up by
 * and counts failed logins by; forms normalise with it too (LoginDto,
 * RegisterDto), so their length checks see what is stored. NFKC folds
 * compatibility forms into the letters they render as (fullwidth `ａ`,
 * ligatures, the fullwidth `＠`), characters that render as nothing are
 * removed (zero-width spaces and joiners, soft hyphens, bidi controls,
 * variation selectors: Unicode's default-ignorable characters), then
 * spaces around it and case go. `ａｄｍｉｎ＠nomades.ch` and
 * `admin\u200b@nomades.ch` are thus the demo account, not look-alikes of it.
 */
export function normaliseEmail(email: string): string {
  return email
    .normalize('NFKC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .trim()
    .toLowerCase();
}

/** What registration accepts before the @ (after normalisation): what nearly every provider issues. */
const LOCAL_PART = /^[a-z0-9_+-]+(\.[a-z0-9_+-]+)*$/;

/**
 * Scripts a domain label may not mix. Han, Hiragana, Katakana and Hangul are
 * one group: Japanese and Korean names mix them legitimately.
 */
const SCRIPT_GROUPS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  [
    'CJK',
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u,
  ],
];

function scriptOf(char: string): string {
  return (
    SCRIPT_GROUPS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other'
  );
}

/**
 * Whether a normalised address may open an account: a plain local part
 * (letters a–z, digits, `.`, `_`, `-`, `+`; so no quoted forms such as
 * `"admin"@…`, no non-ASCII letters that render like ASCII ones, no
 * combining accents), and a domain whose every label is written in one
 * script and holds no combining mark left over by NFKC (`nomаdes.ch` with a
 * Cyrillic `а` is refused; `пример.рф` is fine). This is the rule browsers
 * apply before showing an internationalised domain name as such, and the
 * local part is where look-alikes of an account would otherwise hide.
 */
export function isPlainEmail(normalised: string): boolean {
  const at = normalised.lastIndexOf('@');
  if (at <= 0) return false;
  const local = normalised.slice(0, at);
  const domain = normalised.slice(at + 1);
  if (!LOCAL_PART.test(local) || domain.length === 0) return false;
  return domain.split('.').every((label) => {
    if (/\p{M}/u.test(label)) return false;
    const scripts = new Set(
      [...label].filter((char) => /\p{L}/u.test(char)).map(scriptOf),
    );
    return scripts.size <= 1 && !scripts.has('other');
  });
}
