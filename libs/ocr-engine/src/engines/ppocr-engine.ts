import { ErrorCodes, OcrError, type OcrResult } from '@ocr-pool/contracts';
import type { LanguageRegistry, LanguageRoute } from '../languages/language-registry.js';
import type { ModelPack } from '../packs/model-pack.js';
import type { TaskExecutor } from '../runtime/task-executor.js';
import type { InferenceUsage } from '../runtime/inference-usage.js';
import type { PipelineParams } from '../pipeline/pipeline-params.js';
import type { BatchGate, DetectedPage, PageDetector } from '../pipeline/page-detector.js';
import { longestFirst, splitCrops } from '../pipeline/split-crops.js';
import { readCheckingTurn } from '../pipeline/read-checking-turn.js';
import { pageResult } from '../pipeline/page-result.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import type { LineCrop } from '../recognize/line-crop.js';
import type { OcrEngine, OcrOutcome, OcrRequest } from './ocr-engine.js';
import { settleEach, validateOptions } from './request-outcomes.js';
import { Countdown } from './countdown.js';

/**
 * The PP-OCR engine: the page detector finds the lines and the page's orientation, then the
 * lines are read on all inference threads and the result assembled here. Every image takes a
 * priority from a running counter, so with many images in flight the pool finishes older pages
 * first: latency stays that of one page while throughput uses every thread. With cross-page
 * batching on (GPU), a batch's pages are all detected before any is classified, and all
 * classified before any is read, so each stage's tasks reach the pool together and their lines
 * share the classifier's and the recogniser's batches.
 */
export interface PpOcrEngineOptions {
  executor: TaskExecutor;
  detector: PageDetector;
  registry: LanguageRegistry;
  packs: readonly ModelPack[];
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
    const { classify, recognize } = this.options.params;
    const together = requests.length > 1 && (classify.crossPageWindows > 0 || recognize.crossPageCrops > 0);
    const gates = together
      ? { detected: new Countdown(requests.length), classified: new Countdown(requests.length) }
      : undefined;
    return settleEach(requests, (request) => this.recognizeOne(request, gates));
  }

  /**
   * With `gates` (a batch on GPU), the page waits for the batch's other pages twice: before its
   * lines are classified (inside the detector) and before they are read.
   */
  async recognizeOne(
    { image, options }: OcrRequest,
    gates?: { detected: Countdown; classified: Countdown },
  ): Promise<OcrResult> {
    const priority = this.sequence++;
    const t0 = performance.now();
    const detected = gates?.detected.gate();
    const classified = gates?.classified.gate();
    const { page, route, pack } = await this.detectPage(image, options, priority, detected).finally(() => {
      // A page that failed, or skipped a stage, no longer holds the others back.
      detected?.arrive();
      classified?.arrive();
    });
    await classified?.passed;
    const t2 = performance.now();
    const { texts, turned } = await readCheckingTurn(page.crops, page.flipped, (crops, upsideDown) =>
      this.read(crops, pack.id, route.code, upsideDown, priority),
    );
    const t3 = performance.now();

    return pageResult({ ...page, flipped: turned }, texts, {
      confidenceThreshold: options.confidence_threshold,
      language: route.code,
      model: { engine: this.id, name: pack.name, version: pack.version },
      recognizeMs: t3 - t2,
      totalMs: t3 - t0,
    });
  }

  private async detectPage(
    bytes: Uint8Array,
    options: OcrRequest['options'],
    priority: number,
    gate?: BatchGate,
  ): Promise<{ page: DetectedPage; route: LanguageRoute; pack: ModelPack }> {
    validateOptions(options);
    const route = this.options.registry.resolve(options.language);
    const pack = this.packs.get(route.pack ?? '');
    if (!pack || route.engine !== this.id) {
      throw new OcrError(
        ErrorCodes.LANGUAGE_UNAVAILABLE,
        `Language "${options.language}" is not served by the PP-OCR engine.`,
      );
    }
    const { params } = this.options;
    const page = await this.options.detector.detect(
      bytes,
      pack.id,
      { height: params.recHeight, squeeze: params.squeeze, endMargin: params.endMargin },
      options.use_angle_cls,
      priority,
      gate,
    );
    return { page, route, pack };
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
      longestFirst(splitCrops(crops, params.readChunkWidth, executor.concurrency)).map(
        async ({ start, crops: chunk }) => {
          const [read = []] = await executor.run(
            { kind: 'read', pack, params: params.recognize, pages: [{ crops: chunk, language, upsideDown }] },
            priority,
          );
          read.forEach((line, i) => (texts[start + i] = line));
        },
      ),
    );
    return texts;
  }

  healthy(): boolean {
    return this.options.executor.healthy();
  }

  usage(): InferenceUsage {
    return this.options.executor.usage();
  }

  async halt(): Promise<void> {
    await this.options.executor.halt?.();
  }

  async close(): Promise<void> {
    await this.options.executor.close();
  }
}
