import type { LineCrop } from '../recognize/line-crop.js';
import { readingConfidence, type ScoredText } from './reading-confidence.js';

/**
 * Below this character-weighted confidence, a turned page is read again upright. Pages that
 * really are upside down read at 0.97-0.99 turned (../shared/eval rot180); four lines of 7 px
 * print turned by mistake read as nonsense at 0.80 (float recogniser) to 0.84 (int8), too close
 * to the 0.8 this was: a doubtful page only costs a second reading.
 */
export const DOUBTFUL_TURN_CONFIDENCE = 0.9;

/**
 * Reads a page the orientation step found upside down, and checks that verdict by its outcome.
 * The angle classifier can be wrong on every line of a page (very small print, some Hangul
 * fonts), and then the page is turned and read as nonsense. A page that reads poorly turned is
 * read again as it lies, and the reading with the higher confidence wins. Upside-down pages read
 * well turned, so they pay nothing; only a doubtful turn costs a second reading.
 */
export async function readCheckingTurn<T extends ScoredText>(
  crops: LineCrop[],
  turned: boolean,
  read: (crops: LineCrop[], upsideDown: boolean) => Promise<ReadonlyArray<T | undefined>>,
): Promise<{ texts: ReadonlyArray<T | undefined>; turned: boolean }> {
  if (!turned) return { texts: await read(crops, false), turned };
  // Reading hands the crops to an inference thread and turns them there: keep copies as they lie.
  const asTheyLie = crops.map((crop) => ({ ...crop, data: crop.data.slice() }));
  const texts = await read(crops, true);
  const confidence = readingConfidence(texts);
  if (confidence >= DOUBTFUL_TURN_CONFIDENCE) return { texts, turned };
  const upright = await read(asTheyLie, false);
  return readingConfidence(upright) > confidence ? { texts: upright, turned: false } : { texts, turned };
}
