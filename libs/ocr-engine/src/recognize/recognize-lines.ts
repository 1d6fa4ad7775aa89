import type { RgbImage } from '../image/rgb-image.js';
import type { ModelRunner } from '../runtime/model-runner.js';
import { REC_NORM, normaliseToBgrPlanes } from '../image/normalise.js';
import type { CharDictionary } from './char-dictionary.js';
import { ctcDecode, type DecodedLine } from './ctc-decode.js';

/**
 * The recognition stage: line crops (48 px tall, any width) in, decoded text out. Crops are
 * grouped into batches of similar width and padded to the widest in the batch; on CPU the batch
 * size is 1 (measured: padded batches were slower than one crop at its natural width), on GPU
 * batches of tens of crops fill the device.
 */
export interface RecognizeParams {
  /** Most crops in one model call. */
  maxBatch: number;
  /** A batch only takes crops at most this much wider than its narrowest (limits padding waste). */
  maxWidthRatio: number;
}

export const CPU_RECOGNIZE_PARAMS: Readonly<RecognizeParams> = Object.freeze({ maxBatch: 1, maxWidthRatio: 1 });
export const GPU_RECOGNIZE_PARAMS: Readonly<RecognizeParams> = Object.freeze({ maxBatch: 32, maxWidthRatio: 1.5 });

/** The model's time step is 8 input columns wide; inputs are padded to a whole number of steps. */
const STEP = 8;
const MIN_WIDTH = 16;

export async function recognizeLines(
  runner: ModelRunner,
  crops: readonly RgbImage[],
  dict: CharDictionary,
  params: RecognizeParams,
  mask?: Uint8Array,
  lookAlikes?: ReadonlyMap<number, readonly number[]>,
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
    const out = await runner.run(input, [batch.length, 3, height, width]);
    const [, steps, classes] = out.dims as [number, number, number];
    batch.forEach((c, i) => {
      results[c] = ctcDecode(out.data, i * steps * classes, steps, classes, dict, mask, lookAlikes);
    });
    start = end;
  }
  return results;
}
