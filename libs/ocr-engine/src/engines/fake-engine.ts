import { createHash } from 'node:crypto';
import { canonicalLanguage, type OcrResult } from '@ocr-pool/contracts';
import { decodeImage } from '../image/decode-image.js';
import type { ImageLimits } from '../image/image-limits.js';
import { LanguageRegistry, type LanguageRoute } from '../languages/language-registry.js';
import type { OcrEngine, OcrOutcome, OcrRequest } from './ocr-engine.js';
import { asOcrError, validateOptions } from './request-outcomes.js';

/**
 * A stand-in engine for queue tests: it decodes the image for real (so bad input fails exactly as
 * with the real engine) but "reads" a deterministic text derived from the image bytes instead of
 * running models. Selected only by explicit configuration (`OCR_ENGINE=fake`), never a default.
 * `delayMs` simulates model time per batch; `crashOnDigest` a poison image: a batch holding an image
 * whose SHA-256 starts with it throws as a whole, the way a crash inside a batched model run does.
 */
export interface FakeEngineOptions {
  limits: ImageLimits;
  delayMs?: number;
  /** Languages it pretends to read. */
  languages?: readonly string[];
  crashOnDigest?: string;
}

export class FakeEngine implements OcrEngine {
  readonly id = 'fake';
  private readonly registry = new LanguageRegistry();
  /** Sizes of the batches `recognize` was called with, for batching tests. */
  readonly batchSizes: number[] = [];

  constructor(private readonly options: FakeEngineOptions) {
    for (const language of options.languages ?? ['en', 'ch', 'ko'])
      this.registry.add(canonicalLanguage(language), this.id);
  }

  languages(): LanguageRoute[] {
    return this.registry.list();
  }

  async recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    this.batchSizes.push(requests.length);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const poison = this.options.crashOnDigest;
    if (poison && requests.some(({ image }) => digestOf(image).startsWith(poison)))
      throw new Error(`simulated model crash: the batch holds an image whose digest starts with ${poison}`);
    return Promise.all(
      requests.map(async (request): Promise<OcrOutcome> => {
        try {
          return { ok: true, result: await this.readOne(request) };
        } catch (error) {
          return { ok: false, error: asOcrError(error) };
        }
      }),
    );
  }

  private async readOne({ image, options }: OcrRequest): Promise<OcrResult> {
    validateOptions(options);
    const route = this.registry.resolve(options.language);
    const t0 = performance.now();
    const decoded = await decodeImage(image, this.options.limits);
    const digest = digestOf(image).slice(0, 12);
    const text = `fake ${decoded.width}x${decoded.height} ${digest}`;
    const w = decoded.width,
      h = decoded.height;
    const total = Math.round((performance.now() - t0) * 10) / 10;
    return {
      text,
      overall_confidence: 1,
      text_boxes: [
        {
          text,
          confidence: 1,
          box: [
            [0, 0],
            [w, 0],
            [w, h],
            [0, h],
          ],
          line: 0,
        },
      ],
      lines: [text],
      width: w,
      height: h,
      angle: 0,
      language: route.code,
      model: { engine: this.id, name: 'fake', version: '1' },
      timings_ms: { decode: total, detect: 0, classify: 0, recognize: 0, total },
    };
  }

  async close(): Promise<void> {}
}

function digestOf(image: Uint8Array): string {
  return createHash('sha256').update(image).digest('hex');
}
