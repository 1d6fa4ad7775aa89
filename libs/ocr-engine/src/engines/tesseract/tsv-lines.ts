/**
 * Gives each stacked crop its text from tesseract's two outputs: the plain text (which keeps the
 * recogniser's own word spacing; TSV splits Hangul into syllable "words") and the TSV (which says
 * where each line is). Text line k of the plain output is TSV line k; the crop whose rows hold
 * that line's vertical centre gets it. Confidence is the mean word confidence, scaled to 0..1. Pure.
 */
export interface CropText {
  text: string;
  confidence: number;
}

interface TsvLine {
  centre: number;
  words: string[];
  confs: number[];
}

function parseTsvLines(tsv: string): TsvLine[] {
  const lines = new Map<string, TsvLine>();
  for (const row of tsv.split('\n').slice(1)) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const key = cols.slice(1, 5).join('.');
    if (cols[0] === '4') lines.set(key, { centre: Number(cols[7]) + Number(cols[9]) / 2, words: [], confs: [] });
    if (cols[0] !== '5') continue;
    const line = lines.get(key);
    const text = cols.slice(11).join('\t').trim();
    if (!line || !text) continue;
    line.words.push(text);
    const conf = Number(cols[10]);
    if (conf >= 0) line.confs.push(conf);
  }
  return [...lines.values()].filter((l) => l.words.length > 0);
}

export function cropTexts(txt: string, tsv: string, rows: ReadonlyArray<{ top: number; bottom: number }>): CropText[] {
  const tsvLines = parseTsvLines(tsv);
  const textLines = txt
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Should the two outputs ever disagree on the line count, the TSV words are used as they are.
  const texts = textLines.length === tsvLines.length ? textLines : tsvLines.map((l) => l.words.join(' '));
  const parts = rows.map(() => ({ texts: [] as string[], confs: [] as number[] }));
  tsvLines.forEach((line, k) => {
    const index = rows.findIndex((r, i) => {
      const lower = i === 0 ? -Infinity : (rows[i - 1]!.bottom + r.top) / 2;
      const next = rows[i + 1];
      const upper = next ? (r.bottom + next.top) / 2 : Infinity;
      return line.centre >= lower && line.centre < upper;
    });
    if (index < 0) return;
    parts[index]!.texts.push(texts[k]!);
    parts[index]!.confs.push(...line.confs);
  });
  return parts.map((p) => ({
    text: p.texts.join(' '),
    confidence: p.confs.length ? p.confs.reduce((a, b) => a + b, 0) / p.confs.length / 100 : 0,
  }));
}
