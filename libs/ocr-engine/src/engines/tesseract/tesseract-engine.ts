import { ErrorCodes, LANGUAGES, OcrError, type OcrResult } from '@ocr-pool/contracts';
import type { LanguageRegistry, LanguageRoute } from '../../languages/language-registry.js';
import type { PageDetector } from '../../pipeline/page-detector.js';
import { pageResult } from '../../pipeline/page-result.js';
import { rotate180InPlace } from '../../image/rgb-image.js';
import type { OcrEngine, OcrOutcome, OcrRequest } from '../ocr-engine.js';
import { settleEach, validateOptions } from '../request-outcomes.js';
import type { TesseractInstall } from './tesseract-install.js';
import type { TesseractRunner } from './tesseract-runner.js';
import { stackGroups, stackLines } from './stack-lines.js';
import { type CropText, cropTexts } from './tsv-lines.js';
import { readCheckingTurn } from '../../pipeline/read-checking-turn.js';
import type { LineCrop } from '../../recognize/line-crop.js';

/**
 * Languages without a PP-OCR pack, read by the operating system's tesseract (Korean first). Our
 * detector decides where the lines are and which way is up, so upside-down and skewed pages read
 * and tesseract's page-segmentation junk disappears; the found lines, cut out upright, are stacked
 * into one image that tesseract reads as a block of text (`--psm 6`). Measured on ../shared/eval
 * ko_doc against the alternatives (per-line `--psm 7`, tesseract alone) in BENCHMARKS.md.
 */
export interface TesseractEngineOptions {
  detector: PageDetector;
  /** The model pack whose detector and angle classifier find the lines. */
  detectionPack: string;
  registry: LanguageRegistry;
  install: TesseractInstall;
  runner: TesseractRunner;
  /**
   * Height every line is scaled to for tesseract. One height for the whole stack: measured on
   * ko_doc, stacks of mixed heights read worse (CER 0.026-0.11 against 0.023 at a fixed 36 px).
   */
  lineHeight: number;
}

/** Canonical code for a tesseract language name (`kor` -> `ko`); unknown names stay as they are. */
export function codeForTesseract(name: string): string {
  return LANGUAGES.find((l) => l.tesseract === name)?.code ?? name;
}

export class TesseractEngine implements OcrEngine {
  readonly id = 'tesseract';
  private sequence = 0;

  constructor(private readonly options: TesseractEngineOptions) {}

  languages(): LanguageRoute[] {
    return this.options.registry.list().filter((r) => r.engine === this.id);
  }

  recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    return settleEach(requests, (request) => this.recognizeOne(request));
  }

  private async recognizeOne({ image: bytes, options }: OcrRequest): Promise<OcrResult> {
    const priority = this.sequence++;
    const t0 = performance.now();
    validateOptions(options);
    const route = this.options.registry.resolve(options.language);
    if (route.engine !== this.id || !route.pack) {
      throw new OcrError(
        ErrorCodes.LANGUAGE_UNAVAILABLE,
        `Language "${options.language}" is not read by tesseract here.`,
      );
    }
    const page = await this.options.detector.detect(
      bytes,
      this.options.detectionPack,
      // tesseract normalises line height itself; it reads best from lines a little taller than body text.
      { height: this.options.lineHeight, squeeze: { fromHeight: Number.POSITIVE_INFINITY, scale: 1 }, endMargin: 0.25 },
      options.use_angle_cls,
      priority,
    );
    const t2 = performance.now();
    const pack = route.pack;
    const { texts, turned } = await readCheckingTurn(page.crops, page.flipped, (crops, upsideDown) =>
      this.read(crops, pack, upsideDown),
    );
    const t3 = performance.now();
    return pageResult({ ...page, flipped: turned }, texts, {
      confidenceThreshold: options.confidence_threshold,
      language: route.code,
      model: { engine: this.id, name: `tesseract-${route.pack}`, version: this.options.install.version },
      recognizeMs: t3 - t2,
      totalMs: t3 - t0,
    });
  }

  /** Reads the lines stacked into as few tesseract calls as its image size limit allows. */
  private async read(crops: LineCrop[], pack: string, upsideDown: boolean): Promise<CropText[]> {
    if (upsideDown) for (const crop of crops) rotate180InPlace(crop);
    const groups = await Promise.all(
      stackGroups(crops).map(async (group) => {
        const stack = stackLines(group);
        const out = await this.options.runner.run(stack.pgm, ['-l', pack, '--psm', '6'], ['txt', 'tsv']);
        return cropTexts(out.txt ?? '', out.tsv ?? '', stack.rows);
      }),
    );
    return groups.flat();
  }

  async close(): Promise<void> {
    // The inference pool belongs to the engine that created it; tesseract runs hold nothing open.
  }
}
