import type { DecodedChar } from './ctc-decode.js';
import { widestGap } from './ink-profile.js';

/**
 * Puts back the spaces between words that greedy decoding drops, from two signals measured on
 * ../shared/eval (en_line, en_doc, zh_doc, skew; ~3,600 character pairs):
 * - In Latin text the bundled recogniser marks a word gap by raising the space class for a step
 *   or two while "blank" still wins it (median 0.22 at word gaps, below 0.01 inside words).
 * - In lines with CJK text it never does, so there the blank gap in the crop decides: word gaps
 *   measured 0.25-0.44 of the line height, gaps inside words at most 0.19 (CJK glyphs) to 0.25.
 * Full-width CJK punctuation carries its own spacing and never gets a space next to it.
 */
export interface SpaceRule {
  /** Space-class probability that marks a word gap in Latin text. */
  minSpaceProb: number;
  /**
   * The same next to `. , : ; @`: narrow marks sit in wide blank cells (monospaced fonts) and the
   * space class flickers up to 0.16 beside them inside words ("northwind.com").
   */
  minSpaceProbAtMark: number;
  /** Blank gap, as a share of line height, that is a word gap in Latin text on its own. */
  latinGap: number;
  /** The same next to `. , : ; @`: blank cells around a mark inside a word measured up to 0.33, real spaces from 0.36. */
  latinGapAtMark: number;
  /** Blank gap, as a share of line height, that is a word gap in lines with CJK text. */
  cjkGap: number;
}

export const DEFAULT_SPACE_RULE: Readonly<SpaceRule> = Object.freeze({
  minSpaceProb: 0.02,
  minSpaceProbAtMark: 0.2,
  latinGap: 0.45,
  latinGapAtMark: 0.35,
  cjkGap: 0.26,
});

const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const CJK_PUNCTUATION = /[\u3000-\u303f\uff00-\uffef]/;
const MARK = /^[.,:;@]$/;
/** Recogniser input columns per CTC time step. */
const STEP = 8;

/** Returns the characters with a space character wherever a word gap is found. */
export function insertWordSpaces(
  chars: readonly DecodedChar[],
  ink: Uint8Array,
  height: number,
  rule: SpaceRule = DEFAULT_SPACE_RULE,
): DecodedChar[] {
  const cjkLine = chars.some((c) => CJK.test(c.char));
  const out: DecodedChar[] = [];
  for (let i = 0; i < chars.length; i++) {
    const current = chars[i]!;
    const prev = out.at(-1);
    if (prev && prev.char !== ' ' && current.char !== ' ') {
      if (!CJK_PUNCTUATION.test(prev.char) && !CJK_PUNCTUATION.test(current.char)) {
        const gap = widestGap(ink, prev.step * STEP + STEP / 2, current.step * STEP + STEP / 2) / height;
        const mark = MARK.test(prev.char) || MARK.test(current.char);
        const space = cjkLine
          ? gap >= rule.cjkGap
          : current.spaceBefore >= (mark ? rule.minSpaceProbAtMark : rule.minSpaceProb) ||
            gap >= (mark ? rule.latinGapAtMark : rule.latinGap);
        if (space) out.push({ char: ' ', prob: 1, step: (prev.step + current.step) / 2, spaceBefore: 0 });
      }
    }
    if (current.char === ' ' && (!prev || prev.char === ' ')) continue;
    out.push(current);
  }
  while (out.at(-1)?.char === ' ') out.pop();
  return out;
}

export function charsToText(chars: readonly DecodedChar[]): string {
  return chars
    .map((c) => c.char)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
