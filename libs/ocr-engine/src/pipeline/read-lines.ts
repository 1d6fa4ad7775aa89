import type { LoadedPack } from '../runtime/pack-sessions.js';
import type { CharDictionary } from '../recognize/char-dictionary.js';
import { recognizeLines, type RecognizeParams } from '../recognize/recognize-lines.js';
import type { LineCrop } from '../recognize/line-crop.js';
import { rotate180InPlace } from '../image/rgb-image.js';
import { languageMask } from '../languages/script-mask.js';
import { charsToText, insertWordSpaces } from '../recognize/word-spaces.js';
import { inkProfile } from '../recognize/ink-profile.js';
import { fixLetterCase } from '../recognize/letter-case.js';
import { splitByCounts } from '../runtime/split-by-counts.js';

/** Recognises the line crops of one or more pages and returns their text and confidences. */
export interface ReadLine {
  text: string;
  confidence: number;
}

/** One page's share of a reading task. */
export interface PageLines {
  crops: LineCrop[];
  /** The page's language: limits the characters its lines may read. */
  language: string;
  /** Turn the crops by 180 degrees before reading (the page was upside down). */
  upsideDown: boolean;
}

const masks = new WeakMap<CharDictionary, Map<string, Uint8Array | undefined>>();

/** Reads every page's crops in one pass of the recogniser (so pages share batches); lines per page. */
export async function readPages(
  pack: LoadedPack,
  pages: readonly PageLines[],
  params: RecognizeParams,
): Promise<ReadLine[][]> {
  const dict = pack.dict();
  const crops: LineCrop[] = [];
  const cropMasks: Array<Uint8Array | undefined> = [];
  for (const page of pages) {
    // The page was found upside down after these crops were cut: turn them here, where they are read.
    if (page.upsideDown) page.crops.forEach((crop) => rotate180InPlace(crop));
    const mask = maskFor(dict, page.language);
    for (const crop of page.crops) {
      crops.push(crop);
      cropMasks.push(mask);
    }
  }
  const decoded = await recognizeLines(await pack.rec(), crops, dict, params, {
    masks: cropMasks,
    lookAlikes: pack.lookAlikes(),
    batches: pack.recognizerBatches,
  });
  const lines = decoded.map((line, i): ReadLine => {
    const crop = crops[i]!;
    const ink = inkProfile(crop);
    const words = insertWordSpaces(line.chars, ink.columns, crop.height * crop.xScale);
    return { text: charsToText(fixLetterCase(words, ink)), confidence: line.confidence };
  });
  return splitByCounts(
    lines,
    pages.map((page) => page.crops.length),
  );
}

function maskFor(dict: CharDictionary, language: string): Uint8Array | undefined {
  let byLanguage = masks.get(dict);
  if (!byLanguage) {
    byLanguage = new Map<string, Uint8Array | undefined>();
    masks.set(dict, byLanguage);
  }
  if (!byLanguage.has(language)) byLanguage.set(language, languageMask(language, dict));
  return byLanguage.get(language);
}
