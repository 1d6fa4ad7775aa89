/**
 * How sure a reading is, as one number: the page result's `overall_confidence`, and what the
 * orientation check compares a turned reading against an upright one by.
 */
export interface ScoredText {
  text: string;
  confidence: number;
}

/** Mean confidence of a reading, each line weighted by its characters; 0 when nothing was read. */
export function readingConfidence(texts: ReadonlyArray<ScoredText | undefined>): number {
  let weighted = 0,
    chars = 0;
  for (const line of texts) {
    const n = line?.text.trim().length ?? 0;
    weighted += n * (line?.confidence ?? 0);
    chars += n;
  }
  return chars > 0 ? weighted / chars : 0;
}
