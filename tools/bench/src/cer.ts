import { levenshtein } from '@ocr-pool/dev';

/**
 * Character error rates as ../shared/eval/score.mjs defines them, so figures here compare with
 * the peers' figures measured with that scorer: text NFKC-normalised, whitespace runs folded,
 * empty lines dropped, lines joined with `\n`; page CER = edit distance / truth length, summed
 * over images (micro average); "nows" = the same with all whitespace removed.
 */
export function normLines(lines: readonly string[]): string[] {
  return lines
    .flatMap((l) => l.split('\n'))
    .map((l) => l.normalize('NFKC').replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
}

export interface PageScore {
  edits: number;
  chars: number;
  editsNoSpace: number;
  charsNoSpace: number;
}

export function scorePage(predicted: readonly string[], truth: readonly string[]): PageScore {
  const t = normLines(truth).join('\n'),
    p = normLines(predicted).join('\n');
  const tn = t.replace(/\s+/g, ''),
    pn = p.replace(/\s+/g, '');
  return {
    edits: levenshtein(p, t),
    chars: Array.from(t).length,
    editsNoSpace: levenshtein(pn, tn),
    charsNoSpace: Array.from(tn).length,
  };
}

/** Micro-averaged CER over pages. */
export function cer(scores: readonly PageScore[]): { cer: number; cerNoSpace: number } {
  const sum = (k: keyof PageScore): number => scores.reduce((s, x) => s + x[k], 0);
  return {
    cer: sum('edits') / Math.max(1, sum('chars')),
    cerNoSpace: sum('editsNoSpace') / Math.max(1, sum('charsNoSpace')),
  };
}
