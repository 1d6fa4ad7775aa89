import type { RgbImage } from '../image/rgb-image.js';
import type { ModelRunner } from '../runtime/model-runner.js';
import type { BatchCounter } from '../runtime/inference-usage.js';
import { REC_NORM, normaliseToBgrPlanes } from '../image/normalise.js';

/**
 * The angle classification stage: for each line crop (already 48 px tall), the probability that
 * it is upside down. Inputs are PaddleOCR's cls shape, 3x48x192: shorter crops are padded,
 * longer ones are cut into 192-px windows so that the classifier sees glyphs at their natural
 * width (squeezing a long line into 192 px is where it goes wrong), and the windows' verdicts are
 * averaged. Windows run in batches: the shape is fixed, so batching costs no padding. On GPU the
 * windows of several pages share batches (`crossPageWindows`): the windows are cut out of the
 * page's crops where the crops are, and only they travel to the inference thread.
 */
export const CLS_WIDTH = 192;
export const CLS_HEIGHT = 48;

export interface ClassifyParams {
  /** At most this many windows per line are classified (spread along it). */
  maxWindowsPerLine: number;
  /** At most this many windows per page, taken from the widest lines first. */
  maxWindowsPerPage: number;
  /** Batch size for the classifier. */
  batchSize: number;
  /**
   * Pages classified together: after every page of a batch is detected, a classifying task takes
   * the waiting windows of other pages until it holds this many. 0 classifies each page's lines
   * inside its detection task (CPU: no extra trip to the thread for the crops).
   */
  crossPageWindows: number;
}

export const DEFAULT_CLASSIFY_PARAMS: Readonly<ClassifyParams> = Object.freeze({
  maxWindowsPerLine: 3,
  maxWindowsPerPage: 48,
  batchSize: 16,
  crossPageWindows: 0,
});

export const GPU_CLASSIFY_PARAMS: Readonly<ClassifyParams> = Object.freeze({
  ...DEFAULT_CLASSIFY_PARAMS,
  batchSize: 64,
  crossPageWindows: 512,
});

/** A classifier input cut from line `line`. */
export interface Window {
  line: number;
  image: RgbImage;
}

/** Returns per line the mean probability of "180 degrees", or undefined for lines not sampled. */
export async function classifyLines(
  runner: ModelRunner,
  crops: readonly RgbImage[],
  params: ClassifyParams,
  batches?: BatchCounter,
): Promise<Array<number | undefined>> {
  const windows = sampleWindows(crops, params);
  const p180 = await classifyWindows(
    runner,
    windows.map((w) => w.image),
    params.batchSize,
    batches,
  );
  return averageByLine(windows, p180, crops.length);
}

/** The classifier's probability of "180 degrees" for each 48x192 window, in batches of `batchSize`. */
export async function classifyWindows(
  runner: ModelRunner,
  windows: readonly RgbImage[],
  batchSize: number,
  batches?: BatchCounter,
): Promise<number[]> {
  const p180: number[] = [];
  const plane = CLS_WIDTH * CLS_HEIGHT;
  for (let start = 0; start < windows.length; start += batchSize) {
    const batch = windows.slice(start, start + batchSize);
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((w, i) => normaliseToBgrPlanes(w, REC_NORM, input, i * 3 * plane, CLS_WIDTH, CLS_HEIGHT));
    const out = await runner.run(input, [batch.length, 3, CLS_HEIGHT, CLS_WIDTH]);
    batches?.add(batch.length);
    batch.forEach((_, i) => p180.push(out.data[i * 2 + 1]!));
  }
  return p180;
}

/** Each line's mean over its windows' probabilities, or undefined for a line with none. */
export function averageByLine(
  windows: readonly Window[],
  p180: readonly number[],
  lines: number,
): Array<number | undefined> {
  const sums = new Array<number>(lines).fill(0);
  const counts = new Array<number>(lines).fill(0);
  windows.forEach((w, i) => {
    sums[w.line]! += p180[i]!;
    counts[w.line]!++;
  });
  return sums.map((s, i) => {
    const n = counts[i] ?? 0;
    return n > 0 ? s / n : undefined;
  });
}

/** Up to `maxWindowsPerPage` windows, from the widest lines first. */
export function sampleWindows(crops: readonly RgbImage[], params: ClassifyParams): Window[] {
  const order = crops.map((_, i) => i).sort((a, b) => crops[b]!.width - crops[a]!.width);
  const windows: Window[] = [];
  for (const line of order) {
    const crop = crops[line]!;
    const room = params.maxWindowsPerPage - windows.length;
    if (room <= 0) break;
    if (crop.width <= CLS_WIDTH) {
      windows.push({ line, image: crop });
      continue;
    }
    const n = Math.min(room, params.maxWindowsPerLine, Math.floor(crop.width / CLS_WIDTH));
    for (let k = 0; k < n; k++) {
      // Evenly spaced windows, the first at the line start and the last at its end.
      const x =
        n === 1 ? Math.floor((crop.width - CLS_WIDTH) / 2) : Math.round((k * (crop.width - CLS_WIDTH)) / (n - 1));
      windows.push({ line, image: cropColumns(crop, x, CLS_WIDTH) });
    }
  }
  return windows;
}

function cropColumns(image: RgbImage, x: number, width: number): RgbImage {
  const out = new Uint8Array(width * image.height * 3);
  for (let y = 0; y < image.height; y++) {
    const s = (y * image.width + x) * 3;
    out.set(image.data.subarray(s, s + width * 3), y * width * 3);
  }
  return { width, height: image.height, data: out };
}
