import type { ModelInfo, OcrResult, PageAngle, Point, Quad, StageTimings, TextBox } from '@ocr-pool/contracts';
import { mapQuad } from '../geometry/quad-math.js';
import { readingOrder } from '../layout/reading-order.js';
import { readingConfidence } from './reading-confidence.js';

/**
 * Builds the public result from what the stages found: drops boxes below the confidence
 * threshold, orders the rest into lines, and computes the page text and overall confidence.
 */
export interface RecognisedBox {
  quad: Quad;
  text: string;
  confidence: number;
}

export interface AssembleInput {
  boxes: readonly RecognisedBox[];
  width: number;
  height: number;
  angle: PageAngle;
  confidenceThreshold: number;
  language: string;
  model: ModelInfo;
  timings: StageTimings;
}

/** Box coordinates are reported to 0.1 px: finer is noise, coarser loses small text. */
const round1 = (v: number): number => Math.round(v * 10) / 10;

export function assembleResult(input: AssembleInput): OcrResult {
  const kept = input.boxes.filter((b) => b.text.trim().length > 0 && b.confidence >= input.confidenceThreshold);
  // Reading order is decided on the page as a reader holds it.
  const upright = (p: Point): Point => rotatePoint(p, input.angle, input.width, input.height);
  const order = readingOrder(kept.map((b) => mapQuad(b.quad, upright)));

  const textBoxes: TextBox[] = [];
  const lines: string[] = [];
  for (const members of order.lines) {
    const line = lines.length;
    lines.push(members.map((i) => kept[i]!.text.trim()).join(' '));
    for (const i of members) {
      const b = kept[i]!;
      textBoxes.push({
        text: b.text.trim(),
        confidence: Math.round(b.confidence * 10000) / 10000,
        box: mapQuad(b.quad, (p) => [round1(p[0]), round1(p[1])]),
        line,
      });
    }
  }
  return {
    text: lines.join('\n'),
    overall_confidence: Math.round(readingConfidence(textBoxes) * 10000) / 10000,
    text_boxes: textBoxes,
    lines,
    width: input.width,
    height: input.height,
    angle: input.angle,
    language: input.language,
    model: input.model,
    timings_ms: input.timings,
  };
}

/** Where a point of the image lands after turning the image clockwise by `angle` (0/90/180/270). */
export function rotatePoint(p: Point, angle: number, width: number, height: number): Point {
  switch (((angle % 360) + 360) % 360) {
    case 90:
      return [height - p[1], p[0]];
    case 180:
      return [width - p[0], height - p[1]];
    case 270:
      return [p[1], width - p[0]];
    default:
      return p;
  }
}
