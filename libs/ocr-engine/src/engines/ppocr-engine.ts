import { ErrorCodes, OcrError, type OcrOptions, type OcrResult } from '@ocr-pool/contracts';
import { decodeImage } from '../image/decode-image.js';
import type { ImageLimits } from '../image/image-limits.js';
import type { RgbImage } from '../image/rgb-image.js';
import { paperWhiteLevel } from '../image/whiten-paper.js';
import type { LanguageRegistry, LanguageRoute } from '../languages/language-registry.js';
import type { ModelPack } from '../packs/model-pack.js';
import type { TaskExecutor } from '../runtime/task-executor.js';
import type { PipelineParams } from '../pipeline/pipeline-params.js';
import { planDetScale, detInputSize } from '../detect/det-resize-plan.js';
import { planStrips } from '../pipeline/plan-strips.js';
import { splitCrops } from '../pipeline/split-crops.js';
import { decidePageOrientation } from '../classify/page-orientation.js';
import { rotateCorners } from '../geometry/quad-math.js';
import { assembleResult, type RecognisedBox } from '../pipeline/assemble-result.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import type { DetectedRegion } from '../pipeline/detect-region.js';
import type { LineCrop } from '../recognize/line-crop.js';
import type { OcrEngine, OcrOutcome, OcrRequest } from './ocr-engine.js';

/**
 * The PP-OCR engine. Per image: decode here (sharp works off the event loop), detect lines on
 * the inference threads (a large page in strips, one per thread), decide which way up the page
 * reads from every line's evidence, read the lines on all threads, and assemble the result here.
 * Every image takes a priority from a running counter, so with many images in flight the pool
 * finishes older pages first: latency stays that of one page while throughput uses every thread.
 */
export interface PpOcrEngineOptions {
  executor: TaskExecutor;
  registry: LanguageRegistry;
  packs: readonly ModelPack[];
  limits: ImageLimits;
  params: PipelineParams;
}

export class PpOcrEngine implements OcrEngine {
  readonly id = 'ppocr';
  private sequence = 0;
  private readonly packs: Map<string, ModelPack>;

  constructor(private readonly options: PpOcrEngineOptions) {
    this.packs = new Map(options.packs.map((p) => [p.id, p]));
  }

  languages(): LanguageRoute[] {
    return this.options.registry.list().filter((r) => r.engine === this.id);
  }

  recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    return Promise.all(
      requests.map((request) =>
        this.recognizeOne(request).then(
          (result): OcrOutcome => ({ ok: true, result }),
          (error: unknown): OcrOutcome => ({ ok: false, error: asOcrError(error) }),
        ),
      ),
    );
  }

  async recognizeOne({ image: bytes, options }: OcrRequest): Promise<OcrResult> {
    const priority = this.sequence++;
    const t0 = performance.now();
    validateOptions(options);
    const route = this.options.registry.resolve(options.language);
    const pack = this.packs.get(route.pack ?? '');
    if (!pack) {
      throw new OcrError(
        ErrorCodes.LANGUAGE_UNAVAILABLE,
        `Language "${options.language}" is not served by the PP-OCR engine.`,
      );
    }
    const { width, height, detection } = await this.decodeAndDetect(bytes, pack.id, options.use_angle_cls, priority);
    const t1 = performance.now();
    const regions = await detection;
    const lines = regions.flatMap((r) => r.lines);
    const crops = regions.flatMap((r) => r.crops);
    const orientation = decidePageOrientation(
      lines.flatMap((l, i) => (l.p180 === undefined ? [] : [{ p180: l.p180, weight: crops[i]!.width }])),
      this.options.params.orientationMargin,
    );
    const t2 = performance.now();

    const texts = await this.read(crops, pack.id, route.code, orientation.flipped, priority);
    const t3 = performance.now();

    const boxes: RecognisedBox[] = lines.map((line, i) => ({
      quad: orientation.flipped ? rotateCorners(line.quad, 2) : line.quad,
      ...texts[i]!,
    }));
    const sum = (pick: (r: DetectedRegion) => number): number => regions.reduce((s, r) => s + pick(r), 0);
    return assembleResult({
      boxes,
      width,
      height,
      angle: orientation.flipped ? 180 : 0,
      confidenceThreshold: options.confidence_threshold,
      language: route.code,
      model: { engine: this.id, name: pack.name, version: pack.version },
      timings: {
        decode: ms(t1 - t0),
        // Thread time of each stage, summed over strips; `total` is the wall time.
        detect: ms(sum((r) => r.timings.detect)),
        classify: ms(sum((r) => r.timings.classify)),
        recognize: ms(t3 - t2),
        total: ms(t3 - t0),
      },
    });
  }

  /**
   * Decodes, then starts detection without waiting for it: the pixels are handed to the
   * inference threads (moved, or copied into strips) before this returns, so a large page's
   * decoded buffer is not kept alive while its lines are read.
   */
  private async decodeAndDetect(
    bytes: Uint8Array,
    pack: string,
    useAngleCls: boolean,
    priority: number,
  ): Promise<{ width: number; height: number; detection: Promise<DetectedRegion[]> }> {
    const image = await decodeImage(bytes, this.options.limits);
    return { width: image.width, height: image.height, detection: this.detect(image, pack, useAngleCls, priority) };
  }

  /** Runs detection on the whole page, or on strips of it in parallel when the page is large. */
  private detect(image: RgbImage, pack: string, useAngleCls: boolean, priority: number): Promise<DetectedRegion[]> {
    const { params, executor } = this.options;
    const scale = planDetScale(image.width, image.height, params.resize);
    const size = detInputSize(image.width, image.height, scale);
    const strips = planStrips(image.height, size.inputWidth * size.inputHeight, {
      ...params.strips,
      threads: executor.concurrency,
    });
    const paperWhite = params.whitenPaper ? paperWhiteLevel(image) : undefined;
    const classify = useAngleCls
      ? { ...params.classify, maxWindowsPerPage: Math.ceil(params.classify.maxWindowsPerPage / strips.length) }
      : null;
    return Promise.all(
      strips.map((strip) =>
        executor.run(
          {
            kind: 'detect',
            pack,
            region: strips.length === 1 ? image : rowsOf(image, strip.top, strip.bottom),
            params: {
              scale,
              db: params.db,
              classify,
              recHeight: params.recHeight,
              squeeze: params.squeeze,
              endMargin: params.endMargin,
              offsetY: strip.top,
              ownTop: strip.ownTop,
              ownBottom: strip.ownBottom,
              ...(paperWhite === undefined ? {} : { paperWhite }),
            },
          },
          priority,
        ),
      ),
    );
  }

  private async read(
    crops: LineCrop[],
    pack: string,
    language: string,
    upsideDown: boolean,
    priority: number,
  ): Promise<ReadLine[]> {
    const { params, executor } = this.options;
    const texts = new Array<ReadLine>(crops.length);
    await Promise.all(
      splitCrops(crops, params.readChunkWidth).map(async ({ start, crops: chunk }) => {
        const read = await executor.run(
          { kind: 'read', pack, crops: chunk, language, params: params.recognize, upsideDown },
          priority,
        );
        read.forEach((line, i) => (texts[start + i] = line));
      }),
    );
    return texts;
  }

  async close(): Promise<void> {
    await this.options.executor.close();
  }
}

/** A copy of rows `[top, bottom)`: its own buffer, so it can move to another thread. */
function rowsOf(image: RgbImage, top: number, bottom: number): RgbImage {
  const stride = image.width * 3;
  return { width: image.width, height: bottom - top, data: image.data.slice(top * stride, bottom * stride) };
}

const ms = (v: number): number => Math.round(v * 10) / 10;

export function validateOptions(options: OcrOptions): void {
  const t = options.confidence_threshold;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1) {
    throw new OcrError(
      ErrorCodes.INVALID_OPTION,
      `confidence_threshold must be a number from 0 to 1, got ${String(t)}.`,
      {
        field: 'confidence_threshold',
      },
    );
  }
  if (typeof options.use_angle_cls !== 'boolean') {
    throw new OcrError(ErrorCodes.INVALID_OPTION, 'use_angle_cls must be true or false.', { field: 'use_angle_cls' });
  }
  if (typeof options.language !== 'string' || options.language.trim() === '') {
    throw new OcrError(ErrorCodes.INVALID_OPTION, 'language must be a non-empty language name, e.g. "en".', {
      field: 'language',
    });
  }
}

export function asOcrError(error: unknown): OcrError {
  if (error instanceof OcrError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OcrError(ErrorCodes.ENGINE_FAILURE, `The OCR engine failed: ${message}`);
}
