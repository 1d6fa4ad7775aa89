import type { ModelInfo, OcrResult, PageAngle, Quad } from '@ocr-pool/contracts';
import { rotateCorners } from '../geometry/quad-math.js';
import { assembleResult } from './assemble-result.js';
import type { DetectedPage } from './page-detector.js';

/**
 * The second half every engine behind the page detector shares: pair each detected line with the
 * text an engine read from its crop, turn the boxes back when the page was upside down, and
 * assemble the public result with the page's stage timings.
 */
export interface PageReading {
  confidenceThreshold: number;
  language: string;
  model: ModelInfo;
  recognizeMs: number;
  totalMs: number;
}

export function pageResult(
  page: DetectedPage,
  texts: ReadonlyArray<{ text: string; confidence: number } | undefined>,
  reading: PageReading,
): OcrResult {
  const boxes = page.lines.map((line, i) => ({
    quad: page.flipped ? rotateCorners(line.quad, 2) : line.quad,
    text: texts[i]?.text ?? '',
    confidence: texts[i]?.confidence ?? 0,
  }));
  return assembleResult({
    boxes,
    width: page.width,
    height: page.height,
    angle: pageAngle(boxes, page.flipped),
    confidenceThreshold: reading.confidenceThreshold,
    language: reading.language,
    model: reading.model,
    timings: {
      decode: ms(page.timings.decode),
      detect: ms(page.timings.detect),
      classify: ms(page.timings.classify),
      recognize: ms(reading.recognizeMs),
      total: ms(reading.totalMs),
    },
  });
}

/**
 * The clockwise turn that makes the page read, from the way its text runs: each box's first edge
 * points along its text (vertical lines were read turned, upside-down pages turned back). When most
 * of the text runs down or up the page is sideways, 270 or 90, and lines are ordered as it reads
 * turned; otherwise the orientation step's 0 or 180 stands, so a few vertical labels on an upright
 * page change nothing.
 */
export function pageAngle(boxes: ReadonlyArray<{ quad: Quad; text: string }>, flipped: boolean): PageAngle {
  let down = 0,
    up = 0,
    across = 0;
  for (const { quad, text } of boxes) {
    const chars = text.trim().length;
    const dx = quad[1][0] - quad[0][0],
      dy = quad[1][1] - quad[0][1];
    if (Math.abs(dy) <= Math.abs(dx)) across += chars;
    else if (dy > 0) down += chars;
    else up += chars;
  }
  if (down + up <= across) return flipped ? 180 : 0;
  return down >= up ? 270 : 90;
}

/** Stage timings are reported to 0.1 ms. */
const ms = (v: number): number => Math.round(v * 10) / 10;
