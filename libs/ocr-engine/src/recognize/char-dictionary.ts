/**
 * The recogniser's output classes: index 0 is the CTC blank, then one class per dictionary line,
 * then (for PaddleOCR models trained with `use_space_char`) a space. Built once per model pack.
 */
export class CharDictionary {
  readonly chars: readonly string[];
  /** Class index of the space, or -1 when the model has none. */
  readonly spaceIndex: number;

  constructor(lines: readonly string[], withSpace: boolean) {
    this.chars = ['', ...lines, ...(withSpace ? [' '] : [])];
    this.spaceIndex = withSpace ? this.chars.length - 1 : -1;
  }

  static parse(text: string, withSpace = true): CharDictionary {
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    return new CharDictionary(lines, withSpace);
  }

  /**
   * For each class whose glyph looks like another class at a different size (c/C, o/O/0, ...),
   * the indices of those look-alikes. Built once; the decoder reports their probabilities so the
   * letter-case check knows when the recogniser itself was unsure.
   */
  lookAlikes(groups: readonly string[]): Map<number, number[]> {
    const index = new Map(this.chars.map((c, i) => [c, i] as const));
    const result = new Map<number, number[]>();
    for (const group of groups) {
      const members = [...group].flatMap((c) => (index.has(c) ? [index.get(c)!] : []));
      for (const m of members)
        result.set(
          m,
          members.filter((o) => o !== m),
        );
    }
    return result;
  }

  get classCount(): number {
    return this.chars.length;
  }

  /**
   * A mask of classes allowed for a language: recognising English with a Chinese model, for
   * example, it stops a smudged letter from being read as a similar-looking Han character.
   * The blank is always allowed.
   */
  maskFor(allowed: (ch: string) => boolean): Uint8Array {
    const mask = new Uint8Array(this.chars.length);
    mask[0] = 1;
    for (let i = 1; i < this.chars.length; i++) mask[i] = allowed(this.chars[i]!) ? 1 : 0;
    return mask;
  }
}
