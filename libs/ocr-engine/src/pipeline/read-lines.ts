import type { LoadedPack } from '../runtime/pack-sessions.js';
import type { CharDictionary } from '../recognize/char-dictionary.js';
import { recognizeLines, type RecognizeParams } from '../recognize/recognize-lines.js';
import type { LineCrop } from '../recognize/line-crop.js';
import { rotate180InPlace } from '../image/rgb-image.js';
import { languageMask } from '../languages/script-mask.js';
import { charsToText, insertWordSpaces } from '../recognize/word-spaces.js';
import { inkProfile } from '../recognize/ink-profile.js';
import { LOOK_ALIKE_GROUPS, fixLetterCase } from '../recognize/letter-case.js';

/** Recognises a set of line crops of one page and returns their text and confidences. */
export interface ReadLine {
  text: string;
  confidence: number;
}

const masks = new WeakMap<CharDictionary, Map<string, Uint8Array | undefined>>();
const lookAlikes = new WeakMap<CharDictionary, Map<number, number[]>>();

export async function readLines(
  pack: LoadedPack,
  crops: readonly LineCrop[],
  language: string,
  params: RecognizeParams,
  upsideDown = false,
): Promise<ReadLine[]> {
  // The page was found upside down after these crops were cut: turn them here, where they are read.
  if (upsideDown) crops.forEach((crop) => rotate180InPlace(crop));
  const dict = pack.dict();
  let byLanguage = masks.get(dict);
  if (!byLanguage) {
    byLanguage = new Map<string, Uint8Array | undefined>();
    masks.set(dict, byLanguage);
  }
  if (!byLanguage.has(language)) byLanguage.set(language, languageMask(language, dict));
  let alikes = lookAlikes.get(dict);
  if (!alikes) {
    alikes = dict.lookAlikes(LOOK_ALIKE_GROUPS);
    lookAlikes.set(dict, alikes);
  }
  const decoded = await recognizeLines(await pack.rec(), crops, dict, params, byLanguage.get(language), alikes);
  return decoded.map((line, i) => {
    const crop = crops[i]!;
    const ink = inkProfile(crop);
    const words = insertWordSpaces(line.chars, ink.columns, crop.height * crop.xScale);
    return { text: charsToText(fixLetterCase(words, ink)), confidence: line.confidence };
  });
}
