import { decodeImage } from '../image/decode-image.js';
import type { ImageLimits } from '../image/image-limits.js';
import type { RgbImage } from '../image/rgb-image.js';
import { paperLevel, paperWhiteLevel } from '../image/whiten-paper.js';
import { inkFreeRows } from './ink-free-rows.js';
import { detInputSize, planDetScale } from '../detect/det-resize-plan.js';
import { decidePageOrientation } from '../classify/page-orientation.js';
import { averageByLine, sampleWindows } from '../classify/classify-lines.js';
import type { TaskExecutor } from '../runtime/task-executor.js';
import type { LineCrop } from '../recognize/line-crop.js';
import { type Strip, planStrips } from './plan-strips.js';
import type { DetectRegionParams, DetectedRegion, RegionLine } from './detect-region.js';
import type { PipelineParams } from './pipeline-params.js';

/**
 * The first half of every engine that uses PP-OCR detection (the PP-OCR engine itself, and the
 * tesseract engine, which lets it decide where the lines are and which way is up): decode, detect
 * lines on the inference threads (a large page in strips, one per thread), cut each line out at
 * the caller's crop size, and decide the page's orientation from every line's evidence.
 */
export interface CropSpec {
  height: DetectRegionParams['cropHeight'];
  squeeze: DetectRegionParams['squeeze'];
  endMargin: number;
}

export interface DetectedPage {
  width: number;
  height: number;
  /** Lines in page coordinates, corners starting at the text's own top-left (before any 180 turn). */
  lines: RegionLine[];
  crops: LineCrop[];
  /** The page reads upside down: crops are not yet turned. */
  flipped: boolean;
  timings: { decode: number; detect: number; classify: number };
}

/** Where a page waits for the other pages of its batch before its lines are classified. */
export interface BatchGate {
  /** This page is detected (or failed). */
  arrive(): void;
  /** Every page of the batch has arrived. */
  passed: Promise<void>;
}

export class PageDetector {
  constructor(
    private readonly executor: TaskExecutor,
    private readonly params: PipelineParams,
    private readonly limits: ImageLimits,
  ) {}

  /**
   * With cross-page classification on (GPU), detection leaves the classifier out; after `gate`
   * opens, the page's windows go to the pool as their own task, which joins the other pages'.
   */
  async detect(
    bytes: Uint8Array,
    pack: string,
    crop: CropSpec,
    useAngleCls: boolean,
    priority: number,
    gate?: BatchGate,
  ): Promise<DetectedPage> {
    const t0 = performance.now();
    const classifyApart = useAngleCls && this.params.classify.crossPageWindows > 0;
    const { width, height, detection } = await this.decodeAndStart(
      bytes,
      pack,
      crop,
      useAngleCls && !classifyApart,
      priority,
    );
    const decode = performance.now() - t0;
    const regions = await detection;
    const lines = regions.flatMap((r) => r.lines);
    const crops = regions.flatMap((r) => r.crops);
    let classifyMs = 0;
    if (classifyApart) {
      gate?.arrive();
      await gate?.passed;
      const started = performance.now();
      await this.classifyApart(pack, lines, crops, priority);
      classifyMs = performance.now() - started;
    }
    const orientation = decidePageOrientation(
      lines.flatMap((l, i) => (l.p180 === undefined ? [] : [{ p180: l.p180, weight: crops[i]!.width }])),
      this.params.orientationMargin,
    );
    const sum = (pick: (r: DetectedRegion) => number): number => regions.reduce((s, r) => s + pick(r), 0);
    return {
      width,
      height,
      lines,
      crops,
      flipped: orientation.flipped,
      // Thread time of each stage, summed over strips; classification apart from detection (GPU)
      // counts its task's wall time, which includes the wait for the other pages' windows.
      timings: {
        decode,
        detect: sum((r) => r.timings.detect),
        classify: sum((r) => r.timings.classify) + classifyMs,
      },
    };
  }

  /** Classifies the page's lines in a task of their own; `lines` get their `p180`. */
  private async classifyApart(pack: string, lines: RegionLine[], crops: LineCrop[], priority: number): Promise<void> {
    if (crops.length === 0) return;
    const windows = sampleWindows(crops, this.params.classify);
    const [p180 = []] = await this.executor.run(
      { kind: 'classify', pack, params: this.params.classify, pages: [windows.map((w) => w.image)] },
      priority,
    );
    averageByLine(windows, p180, crops.length).forEach((p, i) => {
      if (p !== undefined) lines[i]!.p180 = p;
    });
  }

  /**
   * Decodes, then starts detection without waiting for it: the pixels are handed to the inference
   * threads (moved, or copied into strips) before this returns, so a large page's decoded buffer
   * is not kept alive while its lines are read.
   */
  private async decodeAndStart(
    bytes: Uint8Array,
    pack: string,
    crop: CropSpec,
    useAngleCls: boolean,
    priority: number,
  ): Promise<{ width: number; height: number; detection: Promise<DetectedRegion[]> }> {
    const image = await decodeImage(bytes, this.limits);
    return {
      width: image.width,
      height: image.height,
      detection: this.start(image, pack, crop, useAngleCls, priority),
    };
  }

  private start(
    image: RgbImage,
    pack: string,
    crop: CropSpec,
    useAngleCls: boolean,
    priority: number,
  ): Promise<DetectedRegion[]> {
    const { params, executor } = this;
    const paper = paperLevel(image);
    let inkFree: Uint8Array | undefined;
    const stripsAt = (scale: number) => {
      const size = detInputSize(image.width, image.height, scale);
      const detPixels = size.inputWidth * size.inputHeight;
      const policy = { ...params.strips, threads: executor.concurrency };
      // Only a page that may split needs its rows looked at.
      if (!inkFree && policy.threads > 1 && detPixels >= 2 * policy.minCutStripDetPixels)
        inkFree = inkFreeRows(image, paper);
      return planStrips(image.height, detPixels, policy, inkFree);
    };
    // A page read in several strips keeps its height's resolution (the strips bound each input);
    // one read whole is held to maxSide both ways.
    let scale = planDetScale(image.width, image.height, params.resize, image.width);
    let strips = stripsAt(scale);
    if (strips.length === 1) {
      scale = planDetScale(image.width, image.height, params.resize);
      strips = stripsAt(scale);
    }
    const paperWhite = params.whitenPaper ? paperWhiteLevel(image, undefined, paper) : undefined;
    const classify = useAngleCls
      ? { ...params.classify, maxWindowsPerPage: Math.ceil(params.classify.maxWindowsPerPage / strips.length) }
      : null;
    const detect = (strip: Strip, region: RgbImage): Promise<DetectedRegion> =>
      executor.run(
        {
          kind: 'detect',
          pack,
          region,
          params: {
            scale,
            db: params.db,
            classify,
            cropHeight: crop.height,
            squeeze: crop.squeeze,
            endMargin: crop.endMargin,
            offsetY: strip.top,
            ownTop: strip.ownTop,
            ownBottom: strip.ownBottom,
            ...(paperWhite === undefined ? {} : { paperWhite }),
          },
        },
        priority,
      );
    if (strips.length === 1) return Promise.all([detect(strips[0]!, image)]);
    return inTurns(strips, (strip) => detect(strip, rowsOf(image, strip.top, strip.bottom)));
  }
}

/**
 * Starts each strip's task in an event-loop turn of its own. Copying a strip of a large page is
 * milliseconds of fresh memory (about 40 ms for the four strips of a 1700x2500 page on a VM whose
 * page faults cost 12 us); done in one go, timers, health checks and job-lock renewals waited
 * behind all of them.
 */
async function inTurns<T>(strips: readonly Strip[], start: (strip: Strip) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  for (const strip of strips) {
    if (started.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const task = start(strip);
    // Awaited below with the rest; a task that fails while later strips are copied is not unhandled.
    task.catch(() => undefined);
    started.push(task);
  }
  return Promise.all(started);
}

/** A copy of rows `[top, bottom)`: its own buffer, so it can move to another thread. */
function rowsOf(image: RgbImage, top: number, bottom: number): RgbImage {
  const stride = image.width * 3;
  return { width: image.width, height: bottom - top, data: image.data.slice(top * stride, bottom * stride) };
}
