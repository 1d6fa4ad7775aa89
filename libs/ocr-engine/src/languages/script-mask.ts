import type { CharDictionary } from '../recognize/char-dictionary.js';

/**
 * Per-language limits on what a multilingual recogniser may output. The bundled pack reads
 * Chinese and English with one model; when the client says the text is English, Han characters
 * and full-width forms are taken out of the running, so a blurred `0` can no longer come out as a
 * look-alike ideograph. Languages without an entry use the whole dictionary.
 */
const CJK_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x2e80, 0x2fdf], // CJK radicals
  [0x3000, 0x30ff], // CJK punctuation, kana
  [0x3100, 0x9fff], // bopomofo ... unified ideographs
  [0xac00, 0xd7af], // Hangul syllables
  [0xf900, 0xfaff], // compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xffef], // full-width and half-width forms
];

function isCjk(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return CJK_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

const LATIN_SCRIPT_LANGUAGES = new Set(['en', 'fr', 'de', 'es', 'it', 'pt', 'vi']);

export function languageMask(language: string, dict: CharDictionary): Uint8Array | undefined {
  if (LATIN_SCRIPT_LANGUAGES.has(language)) return dict.maskFor((ch) => !isCjk(ch));
  return undefined;
}
