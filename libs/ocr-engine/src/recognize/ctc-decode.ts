import type { CharDictionary } from './char-dictionary.js';
import type { CtcSteps } from './ctc-steps.js';

/**
 * Greedy CTC decoding of one line: best class per time step, repeats collapsed, blanks dropped.
 * It reads the recogniser's per-step summary (`ctc-steps.ts`), not its whole softmax.
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

/** Line `line` of a batch's step summary, decoded (the summary already holds each step's best class). */
export function ctcDecode(
  summary: CtcSteps,
  line: number,
  dict: CharDictionary,
  lookAlikes?: ReadonlyMap<number, readonly number[]>,
): DecodedLine {
  const { steps, best, bestProb, spaceProb, alikeProbs, alikeClasses } = summary;
  const chars: DecodedChar[] = [];
  let previous = -1;
  let gapSpace = 0;
  for (let t = 0; t < steps; t++) {
    const at = line * steps + t;
    const top = best[at]!;
    if (spaceProb) gapSpace = Math.max(gapSpace, spaceProb[at]!);
    if (top !== 0 && top !== previous) {
      const decoded: DecodedChar = { char: dict.chars[top]!, prob: bestProb[at]!, step: t, spaceBefore: gapSpace };
      const alikes = lookAlikes?.get(top);
      if (alikes && alikeProbs) {
        decoded.lookAlikeProb = Math.max(
          ...alikes.map((c) => {
            const k = alikeClasses.indexOf(c);
            return k < 0 ? 0 : alikeProbs[at * alikeClasses.length + k]!;
          }),
        );
      }
      chars.push(decoded);
      gapSpace = 0;
    }
    previous = top;
  }
  const confidence = chars.length ? chars.reduce((a, c) => a + c.prob, 0) / chars.length : 0;
  return { chars, confidence, steps };
}
