import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';

/**
 * How guessable a text is, by zxcvbn (@zxcvbn-ts, offline: its dictionaries
 * ship in the packages, nothing is fetched): common passwords, English and
 * French words and names, keyboard walks, repeats, sequences, dates and l33t
 * spellings of all these, plus the context words given. One estimator for
 * passwords (PasswordPolicy) and for production secrets (session config).
 */
export interface Guessability {
  /** 0 (too guessable) to 4 (very unguessable), zxcvbn's score. */
  score: 0 | 1 | 2 | 3 | 4;
  /** log10 of the guesses zxcvbn estimates an attacker needs. */
  guessesLog10: number;
}

/**
 * Only the first characters are looked at: zxcvbn's matching grows with the
 * length (about 1 s of CPU for 128 characters with these dictionaries, 10 ms
 * for 64 with l33t substitutions capped), and a strong start is strong.
 */
export const ESTIMATED_LENGTH = 64;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
    graphs: common.adjacencyGraphs,
    // The default lets long texts try thousands of l33t variants (hundreds of ms).
    l33tMaxSubstitutions: 4,
    maxLength: ESTIMATED_LENGTH,
  });
  return estimator;
}

export function guessabilityOf(
  text: string,
  context: readonly string[] = [],
): Guessability {
  const result: ZxcvbnResult = zxcvbn().check(
    text.slice(0, ESTIMATED_LENGTH),
    context.filter((word) => word.length >= 3),
  );
  return { score: result.score, guessesLog10: result.guessesLog10 };
}
