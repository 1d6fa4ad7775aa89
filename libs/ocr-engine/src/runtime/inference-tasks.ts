import type { RgbImage } from '../image/rgb-image.js';
import type { PackSessions } from './pack-sessions.js';
import { detectRegion, type DetectRegionParams, type DetectedRegion } from '../pipeline/detect-region.js';
import { readPages, type PageLines, type ReadLine } from '../pipeline/read-lines.js';
import type { RecognizeParams } from '../recognize/recognize-lines.js';

/**
 * The two units of work an inference thread does, as plain data so they can cross threads:
 * detecting the lines of a page region (needs its pixels) and reading line crops, of one page or
 * of several that the pool joined into one task (any thread can).
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

export type InferenceTask = DetectTask | ReadTask;
/** A detected region, or the lines of each page of a read task, in its order. */
export type InferenceResult = DetectedRegion | ReadLine[][];

export function runTask(sessions: PackSessions, task: DetectTask): Promise<DetectedRegion>;
export function runTask(sessions: PackSessions, task: ReadTask): Promise<ReadLine[][]>;
export function runTask(sessions: PackSessions, task: InferenceTask): Promise<InferenceResult>;
export function runTask(sessions: PackSessions, task: InferenceTask): Promise<InferenceResult> {
  const pack = sessions.pack(task.pack);
  return task.kind === 'detect'
    ? detectRegion(pack, task.region, task.params)
    : readPages(pack, task.pages, task.params);
}

/** Buffers that can move (not copy) to the thread receiving `value`. */
export function transferables(value: InferenceTask | InferenceResult): ArrayBuffer[] {
  let images: readonly RgbImage[];
  if (Array.isArray(value)) images = [];
  else if ('kind' in value) images = value.kind === 'detect' ? [value.region] : value.pages.flatMap((p) => p.crops);
  else images = value.crops;
  const buffers = new Set<ArrayBuffer>();
  for (const image of images) {
    const { buffer, byteOffset, byteLength } = image.data;
    // Only a buffer the image owns whole can move; a view into a shared one is copied instead.
    if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}
