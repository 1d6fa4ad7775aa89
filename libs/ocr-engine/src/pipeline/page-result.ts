import type { ModelInfo, OcrResult } from '@ocr-pool/contracts';
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
  return assembleResult({
    boxes: page.lines.map((line, i) => ({
      quad: page.flipped ? rotateCorners(line.quad, 2) : line.quad,
      text: texts[i]?.text ?? '',
      confidence: texts[i]?.confidence ?? 0,
    })),
    width: page.width,
    height: page.height,
    angle: page.flipped ? 180 : 0,
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

/** Stage timings are reported to 0.1 ms. */
const ms = (v: number): number => Math.round(v * 10) / 10;
