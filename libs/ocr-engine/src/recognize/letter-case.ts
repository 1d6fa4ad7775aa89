import type { DecodedChar } from './ctc-decode.js';
import type { InkProfile } from './ink-profile.js';

/**
 * Fixes letters whose capital and small forms differ only in size (c o s u v w x z) and the
 * o/O/0 family, which the bundled Chinese/English recogniser often gets wrong on Latin text
 * ("wireless" for "Wireless", "UsD", "0rder", "5ooml"). The glyph itself says which it is: its
 * top is either at the line's cap height or at its x-height. Both heights are measured on the
 * unambiguous letters of the same line, so this works at any size, skew or font; lines without
 * both kinds of reference letters are left as read.
 */
export const LOOK_ALIKE_GROUPS: readonly string[] = ['cC', 'oO0', 'sS', 'uU', 'vV', 'wW', 'xX', 'zZ'];
const AMBIGUOUS = new Set(LOOK_ALIKE_GROUPS.join(''));
const TALL_REFERENCE = new Set([...'ABDEFGHIJKLMNPQRTYbdfhklt123456789']);
const SHORT_REFERENCE = new Set([...'aemnr']);
/** Recogniser input columns per CTC time step. */
const STEP = 8;
/** Cap and x-height must differ by this share of the crop height to tell them apart. */
const MIN_SEPARATION = 0.06;

export function fixLetterCase(chars: DecodedChar[], ink: InkProfile): DecodedChar[] {
  if (!chars.some((c) => AMBIGUOUS.has(c.char))) return chars;
  const tallness = measureTallness(chars, ink);
  return chars.map((c, i) => {
    if (!AMBIGUOUS.has(c.char)) return c;
    const tall = tallness?.[i];
    const char = ROUND.has(c.char)
      ? resolveRound(c.char, tall, chars, i)
      : tall === undefined
        ? c.char
        : tall
          ? c.char.toUpperCase()
          : c.char.toLowerCase();
    return char === c.char ? c : { ...c, char };
  });
}

const ROUND = new Set(['o', 'O', '0']);

/**
 * Per character, whether its glyph reaches cap height, for the ambiguous characters the
 * recogniser was unsure about; undefined where the line gives no reference or the model was sure.
 */
function measureTallness(chars: DecodedChar[], ink: InkProfile): Array<boolean | undefined> | undefined {
  const spans = glyphSpans(chars, ink);
  const tops = spans.map(([from, to]) => lowTop(ink, from, to));
  const median = (set: Set<string>): number | undefined => {
    const values = chars
      .flatMap((c, i) => (set.has(c.char) && tops[i] !== undefined ? [tops[i]] : []))
      .sort((a, b) => a - b);
    return values.length ? values[values.length >> 1] : undefined;
  };
  const capTop = median(TALL_REFERENCE),
    xTop = median(SHORT_REFERENCE);
  if (capTop === undefined || xTop === undefined || xTop - capTop < MIN_SEPARATION * ink.height) return undefined;
  return chars.map((c, i) => {
    const top = tops[i];
    if (!AMBIGUOUS.has(c.char) || top === undefined || (c.lookAlikeProb ?? 0) < UNSURE) return undefined;
    return (top - capTop) / (xTop - capTop) < TALL_POSITION;
  });
}

/**
 * The recogniser is trusted when it gives the look-alike (w for W, 0 for O) less than this
 * probability. Measured on ../shared/eval (9,400 ambiguous letters in every Latin category):
 * on its 38 case errors the look-alike's probability had a median of 0.20, on correct reads a
 * 95th percentile of 0.014. Checking geometry only above 0.01 leaves 7 errors, checking it
 * everywhere 79 (dense, squeezed lines leave neighbours' ascenders in a glyph's span).
 */
const UNSURE = 0.01;

/**
 * Where a glyph's top sits between cap height (0) and x-height (1) above which it is a capital.
 * Measured on ../shared/eval: capitals at most 0.50, small letters mostly from 0.56.
 */
const TALL_POSITION = 0.55;

/**
 * o, O or 0. The word decides letter against digit: among letters only ("0RDER", "0ffice") it is a
 * letter, among digits only ("2O23") a zero; in codes that mix both ("a1b0", "M0Q") the
 * recogniser's choice stands unless the glyph's height contradicts it. A letter's case follows its
 * height where measured, else its neighbours ("Acc0unt" -> o, "QU0TE" -> O).
 */
function resolveRound(char: string, tall: boolean | undefined, chars: DecodedChar[], i: number): string {
  const word = wordAround(chars, i).filter((c) => !ROUND.has(c));
  const digits = word.some((c) => /\p{N}/u.test(c));
  const letters = word.some((c) => /\p{L}/u.test(c));
  let kind: 'letter' | 'digit';
  if (letters && !digits) kind = 'letter';
  else if (digits && !letters) kind = 'digit';
  else if (tall === false) kind = 'letter';
  else kind = char === '0' || (char === 'o' && tall === true && digits) ? 'digit' : 'letter';
  if (kind === 'digit') return '0';
  if (tall !== undefined) return tall ? 'O' : 'o';
  if (char !== '0') return char;
  const before = neighbourLetter(chars, i, -1),
    after = neighbourLetter(chars, i, 1);
  const lower = (c: string | undefined): boolean => c !== undefined && c === c.toLowerCase() && c !== c.toUpperCase();
  return lower(after) && (before === undefined || lower(before)) && before !== undefined ? 'o' : 'O';
}

/** The nearest letter in direction `dir` within the same word, skipping o/O/0. */
function neighbourLetter(chars: DecodedChar[], i: number, dir: -1 | 1): string | undefined {
  for (let j = i + dir; j >= 0 && j < chars.length; j += dir) {
    const c = chars[j]!.char;
    if (!/[\p{L}\p{N}]/u.test(c)) return undefined;
    if (!ROUND.has(c)) return /\p{L}/u.test(c) ? c : undefined;
  }
  return undefined;
}

/** The other characters of the letter/digit run that character `i` belongs to. */
function wordAround(chars: DecodedChar[], i: number): string[] {
  const isWordChar = (k: number): boolean => /[\p{L}\p{N}]/u.test(chars[k]!.char);
  let start = i,
    end = i;
  while (start > 0 && isWordChar(start - 1)) start--;
  while (end < chars.length - 1 && isWordChar(end + 1)) end++;
  return chars.slice(start, end + 1).flatMap((c, k) => (start + k === i ? [] : [c.char]));
}

/**
 * Column range of each character: boundaries sit in the middle of the widest blank run between
 * neighbouring characters' time steps (or halfway when they touch), so each span holds the whole
 * glyph even where the recogniser fires off-centre.
 */
function glyphSpans(chars: DecodedChar[], ink: InkProfile): Array<[number, number]> {
  const centre = (k: number): number => chars[k]!.step * STEP + STEP / 2;
  const bounds: number[] = [];
  for (let i = 1; i < chars.length; i++) bounds.push(blankMiddle(ink.columns, centre(i - 1), centre(i)));
  const first = centre(0),
    last = centre(chars.length - 1);
  const lead = bounds.length ? bounds[0]! - first : STEP;
  const tail = bounds.length ? last - bounds.at(-1)! : STEP;
  const edges = [first - Math.max(STEP, lead), ...bounds, last + Math.max(STEP, tail)];
  return chars.map((_, i) => [
    Math.max(0, Math.floor(edges[i]!)),
    Math.min(ink.top.length - 1, Math.ceil(edges[i + 1]!)),
  ]);
}

function blankMiddle(columns: Uint8Array, from: number, to: number): number {
  let bestStart = -1,
    bestLength = 0,
    runStart = -1;
  for (let x = Math.ceil(from); x <= Math.floor(to); x++) {
    if (columns[x]) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = x;
    if (x - runStart + 1 > bestLength) {
      bestLength = x - runStart + 1;
      bestStart = runStart;
    }
  }
  return bestLength > 0 ? bestStart + (bestLength - 1) / 2 : (from + to) / 2;
}

/** The second-highest ink top in a span (one stray column does not decide), or undefined. */
function lowTop(ink: InkProfile, from: number, to: number): number | undefined {
  let first = Infinity,
    second = Infinity;
  for (let x = from; x <= to; x++) {
    const t = ink.top[x]!;
    if (t < 0) continue;
    if (t < first) [first, second] = [t, first];
    else if (t < second) second = t;
  }
  return second !== Infinity ? second : first !== Infinity ? first : undefined;
}
