import type { Quad } from './geometry.js';

/** One recognised text box. */
export interface TextBox {
  text: string;
  /** Mean per-character probability of the recogniser, 0..1. */
  confidence: number;
  /** Corners in image pixels, in the text's own reading direction (see `Quad`). */
  box: Quad;
  /** Index into `OcrResult.lines` of the line this box belongs to. */
  line: number;
}

/** Milliseconds spent per stage for one image. */
export interface StageTimings {
  decode: number;
  detect: number;
  classify: number;
  recognize: number;
  total: number;
}

/** Which model read the image. */
export interface ModelInfo {
  engine: string;
  name: string;
  version: string;
}

/**
 * The result for one image, the same over HTTP, gRPC, the queue and the CLI. `text`,
 * `overall_confidence` and `text_boxes` are the old BentoML service's response fields.
 */
export interface OcrResult {
  /** Lines in reading order joined with `\n`. */
  text: string;
  /** Mean box confidence weighted by text length, 0..1 (0 when nothing was read). */
  overall_confidence: number;
  /** Boxes in reading order. */
  text_boxes: TextBox[];
  /** Visual lines in reading order: boxes on one line joined with a space. */
  lines: string[];
  /** Image size after EXIF orientation was applied. */
  width: number;
  height: number;
  /** Clockwise rotation in degrees (0, 90, 180, 270) applied to read the page upright. */
  angle: number;
  /** Canonical code of the language the image was read as. */
  language: string;
  model: ModelInfo;
  timings_ms: StageTimings;
}
