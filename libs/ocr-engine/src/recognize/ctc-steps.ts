/**
 * What greedy CTC decoding reads of a recogniser's softmax, per time step: the best class the
 * line's language allows and its probability, the space class's probability, and the probabilities
 * of the look-alike classes (c/C, o/O/0, ...). The recogniser's graph computes this itself
 * (`graph/ctc-step-summary.ts`), so the 6,625 probabilities of every step never leave onnxruntime;
 * `summariseSoftmax` is the same computation in JavaScript, for tests and stand-in runners.
 */
export interface CtcSteps {
  /** Lines in the batch. */
  lines: number;
  /** Time steps per line. */
  steps: number;
  /** `lines x steps` best allowed class (0 = blank); the first of equal ones. */
  best: Int32Array;
  /** Its softmax probability (over all classes, allowed or not). */
  bestProb: Float32Array;
  /** `lines x steps` probability of the space class; absent when the model has none. */
  spaceProb?: Float32Array;
  /** `lines x steps x alikeClasses.length` probabilities of the look-alike classes. */
  alikeProbs?: Float32Array;
  alikeClasses: readonly number[];
}

/**
 * `probs` is `lines x steps x classes`; `allowed` holds, per line, the classes its language allows
 * (1 = allowed; undefined allows all). The blank is always allowed.
 */
export function summariseSoftmax(
  probs: Float32Array,
  [lines, steps, classes]: readonly [number, number, number],
  spaceIndex: number,
  alikeClasses: readonly number[],
  allowed: ReadonlyArray<Uint8Array | undefined> = [],
): CtcSteps {
  const best = new Int32Array(lines * steps);
  const bestProb = new Float32Array(lines * steps);
  const spaceProb = spaceIndex >= 0 ? new Float32Array(lines * steps) : undefined;
  const alikeProbs = alikeClasses.length > 0 ? new Float32Array(lines * steps * alikeClasses.length) : undefined;
  for (let line = 0; line < lines; line++) {
    const mask = allowed[line];
    for (let t = 0; t < steps; t++) {
      const at = line * steps + t;
      const base = at * classes;
      let top = 0;
      let topP = probs[base]!;
      for (let c = 1; c < classes; c++) {
        const p = probs[base + c]!;
        if (p > topP && (!mask || mask[c])) {
          topP = p;
          top = c;
        }
      }
      best[at] = top;
      bestProb[at] = topP;
      if (spaceProb) spaceProb[at] = probs[base + spaceIndex]!;
      alikeClasses.forEach((c, k) => {
        if (alikeProbs) alikeProbs[at * alikeClasses.length + k] = probs[base + c]!;
      });
    }
  }
  return { lines, steps, best, bestProb, spaceProb, alikeProbs, alikeClasses };
}

/** Every class that is some class's look-alike, in ascending order: the columns of `alikeProbs`. */
export function alikeClassesOf(lookAlikes: ReadonlyMap<number, readonly number[]>): number[] {
  return [...new Set([...lookAlikes.values()].flat())].sort((a, b) => a - b);
}
