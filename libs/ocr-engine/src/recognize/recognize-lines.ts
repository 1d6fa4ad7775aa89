import type { RgbImage } from '../image/rgb-image.js';
import type { RecogniserRunner } from '../runtime/model-runner.js';
import type { BatchCounter } from '../runtime/inference-usage.js';
import { REC_NORM, normaliseToBgrPlanes } from '../image/normalise.js';
import type { CharDictionary } from './char-dictionary.js';
import { ctcDecode, type DecodedLine } from './ctc-decode.js';

/**
 * The recognition stage: line crops (48 px tall, any width) in, decoded text out. Crops are
 * grouped into batches of similar width and padded to the widest in the batch; on CPU the batch
 * size is 1 (measured: padded batches were slower than one crop at its natural width), on GPU
 * batches of tens of crops fill the device, and the lines of several pages share them.
 */
export interface RecognizeParams {
  /** Most crops in one model call. */
  maxBatch: number;
  /** A batch only takes crops at most this much wider than its narrowest (limits padding waste). */
  maxWidthRatio: number;
  /**
   * Pages read together: a reading task takes the waiting reads of other pages until it holds
   * this many crops, so one page's short lines fill a batch with another's. 0 reads every page
   * alone (CPU, where batches are 1 and a page's reads go first to keep its latency).
   */
  crossPageCrops: number;
}

export const CPU_RECOGNIZE_PARAMS: Readonly<RecognizeParams> = Object.freeze({
  maxBatch: 1,
  maxWidthRatio: 1,
  crossPageCrops: 0,
});
export const GPU_RECOGNIZE_PARAMS: Readonly<RecognizeParams> = Object.freeze({
  maxBatch: 32,
  maxWidthRatio: 1.5,
  crossPageCrops: 256,
});

export interface RecognizeExtras {
  /** Characters each crop may read (its page's language), by crop index; none limits nothing. */
  masks?: ReadonlyArray<Uint8Array | undefined>;
  lookAlikes?: ReadonlyMap<number, readonly number[]>;
  /** Counts each model call and its batch size. */
  batches?: BatchCounter;
}

/** The model's time step is 8 input columns wide; inputs are padded to a whole number of steps. */
const STEP = 8;
const MIN_WIDTH = 16;

export async function recognizeLines(
  runner: RecogniserRunner,
  crops: readonly RgbImage[],
  dict: CharDictionary,
  params: RecognizeParams,
  { masks, lookAlikes, batches }: RecognizeExtras = {},
): Promise<DecodedLine[]> {
  const results = new Array<DecodedLine>(crops.length);
  const order = crops.map((_, i) => i).sort((a, b) => crops[a]!.width - crops[b]!.width);
  let start = 0;
  while (start < order.length) {
    const narrowest = crops[order[start]!]!.width;
    let end = start + 1;
    while (
      end < order.length &&
      end - start < params.maxBatch &&
      crops[order[end]!]!.width <= narrowest * params.maxWidthRatio
    ) {
      end++;
    }
    const batch = order.slice(start, end);
    const height = crops[batch[0]!]!.height;
    const width = Math.max(MIN_WIDTH, Math.ceil(crops[batch.at(-1)!]!.width / STEP) * STEP);
    const plane = width * height;
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((c, i) => normaliseToBgrPlanes(crops[c]!, REC_NORM, input, i * 3 * plane, width, height));
    const allowed = allowedClasses(
      batch.map((c) => masks?.[c]),
      dict.classCount,
    );
    const summary = await runner.read(input, [batch.length, 3, height, width], allowed);
    batches?.add(batch.length);
    batch.forEach((c, i) => {
      results[c] = ctcDecode(summary, i, dict, lookAlikes);
    });
    start = end;
  }
  return results;
}

const allowedOf = new WeakMap<Uint8Array, Float32Array>();
const allAllowed = new Map<number, Float32Array>();

/** The recogniser's `allowed_classes` for a batch: each line's mask as floats, all ones without one. */
function allowedClasses(masks: ReadonlyArray<Uint8Array | undefined>, classes: number): Float32Array {
  const rowOf = (mask: Uint8Array | undefined): Float32Array => {
    const cached = mask ? allowedOf.get(mask) : allAllowed.get(classes);
    if (cached) return cached;
    const row = mask ? Float32Array.from(mask) : new Float32Array(classes).fill(1);
    if (mask) allowedOf.set(mask, row);
    else allAllowed.set(classes, row);
    return row;
  };
  if (masks.length === 1) return rowOf(masks[0]);
  const rows = new Float32Array(masks.length * classes);
  masks.forEach((mask, i) => rows.set(rowOf(mask), i * classes));
  return rows;
}
