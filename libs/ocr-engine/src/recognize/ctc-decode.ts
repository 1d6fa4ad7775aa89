import type { CharDictionary } from './char-dictionary.js';

/**
 * Greedy CTC decoding of one line: best class per time step, repeats collapsed, blanks dropped.
 * Alongside the text it keeps, for each character, the highest probability the space class
 * reached in the gap before it: PaddleOCR's Chinese/English model rarely lets "space" win a time
 * step in English text, but its probability rises clearly at word gaps (see `word-spaces.ts`).
 */
export interface DecodedChar {
  char: string;
  prob: number;
  /** Time step where the character was read. */
  step: number;
  /** Highest space-class probability between the previous character and this one. */
  spaceBefore: number;
  /** Probability of the best look-alike class at the same step (see `CharDictionary.lookAlikes`). */
  lookAlikeProb?: number;
}

export interface DecodedLine {
  chars: DecodedChar[];
  /** Mean probability of the kept characters, 0 when none were read (PaddleOCR's definition). */
  confidence: number;
  steps: number;
}

/**
 * `probs` holds `steps x classes` softmax outputs starting at `offset`. `mask`, when given,
 * limits the classes considered (1 = allowed).
 */
export function ctcDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  dict: CharDictionary,
  mask?: Uint8Array,
  lookAlikes?: ReadonlyMap<number, readonly number[]>,
): DecodedLine {
  const chars: DecodedChar[] = [];
  const space = dict.spaceIndex;
  let previous = -1;
  let gapSpace = 0;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    // A softmax output above 0.5 is the argmax: most steps are a confident blank or character.
    if (bestP <= 0.5) {
      for (let c = 1; c < classes; c++) {
        const p = probs[base + c]!;
        if (p > bestP && (!mask || mask[c])) {
          bestP = p;
          best = c;
          if (p > 0.5) break;
        }
      }
    }
    if (space >= 0) gapSpace = Math.max(gapSpace, probs[base + space]!);
    if (best !== 0 && best !== previous) {
      const decoded: DecodedChar = { char: dict.chars[best]!, prob: bestP, step: t, spaceBefore: gapSpace };
      const alikes = lookAlikes?.get(best);
      if (alikes) decoded.lookAlikeProb = Math.max(...alikes.map((c) => probs[base + c]!));
      chars.push(decoded);
      gapSpace = 0;
    }
    previous = best;
  }
  const confidence = chars.length ? chars.reduce((a, c) => a + c.prob, 0) / chars.length : 0;
  return { chars, confidence, steps };
}
