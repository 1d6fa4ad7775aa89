import type { RgbImage } from '../image/rgb-image.js';
import type { LoadedPack, PackSessions } from './pack-sessions.js';
import { splitByCounts } from './split-by-counts.js';
import { detectRegion, type DetectRegionParams, type DetectedRegion } from '../pipeline/detect-region.js';
import { readPages, type PageLines, type ReadLine } from '../pipeline/read-lines.js';
import type { RecognizeParams } from '../recognize/recognize-lines.js';
import { classifyWindows, type ClassifyParams } from '../classify/classify-lines.js';

/**
 * The units of work an inference thread does, as plain data so they can cross threads: detecting
 * the lines of a page region (needs its pixels), and reading line crops or classifying windows
 * cut from them, of one page or of several that the pool joined into one task (any thread can).
 */
export interface DetectTask {
  kind: 'detect';
  pack: string;
  region: RgbImage;
  params: DetectRegionParams;
}

export interface ReadTask {
  kind: 'read';
  pack: string;
  params: RecognizeParams;
  pages: PageLines[];
}

/** Angle classification apart from detection (GPU: pages share the classifier's batches). */
export interface ClassifyTask {
  kind: 'classify';
  pack: string;
  params: ClassifyParams;
  /** Each page's 48x192 windows (see `sampleWindows`). */
  pages: RgbImage[][];
}

export type InferenceTask = DetectTask | ReadTask | ClassifyTask;
/**
 * A detected region; the lines of each page of a read task, in its order; or each page's
 * probabilities of "180 degrees", one per window.
 */
export type InferenceResult = DetectedRegion | ReadLine[][] | number[][];

export function runTask(sessions: PackSessions, task: DetectTask): Promise<DetectedRegion>;
export function runTask(sessions: PackSessions, task: ReadTask): Promise<ReadLine[][]>;
export function runTask(sessions: PackSessions, task: ClassifyTask): Promise<number[][]>;
export function runTask(sessions: PackSessions, task: InferenceTask): Promise<InferenceResult>;
export function runTask(sessions: PackSessions, task: InferenceTask): Promise<InferenceResult> {
  const pack = sessions.pack(task.pack);
  switch (task.kind) {
    case 'detect':
      return detectRegion(pack, task.region, task.params);
    case 'read':
      return readPages(pack, task.pages, task.params);
    case 'classify':
      return classifyPages(pack, task);
  }
}

async function classifyPages(pack: LoadedPack, task: ClassifyTask): Promise<number[][]> {
  const p180 = await classifyWindows(
    await pack.cls(),
    task.pages.flat(),
    task.params.batchSize,
    pack.classifierBatches,
  );
  return splitByCounts(
    p180,
    task.pages.map((windows) => windows.length),
  );
}

/**
 * Buffers that can move (not copy) to the thread receiving `value`. Classifier windows are copied:
 * they are small, and a short line's window is the line's crop itself, still needed for reading.
 */
export function transferables(value: InferenceTask | InferenceResult): ArrayBuffer[] {
  let images: readonly RgbImage[];
  if (Array.isArray(value)) images = [];
  else if (!('kind' in value)) images = value.crops;
  else if (value.kind === 'detect') images = [value.region];
  else if (value.kind === 'read') images = value.pages.flatMap((p) => p.crops);
  else images = [];
  const buffers = new Set<ArrayBuffer>();
  for (const image of images) {
    const { buffer, byteOffset, byteLength } = image.data;
    // Only a buffer the image owns whole can move; a view into a shared one is copied instead.
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}
