import { DEFAULT_DET_RESIZE_POLICY, type DetResizePolicy } from '../detect/det-resize-plan.js';
import { DEFAULT_DB_PARAMS, type DbParams } from '../detect/db-postprocess.js';
import { DEFAULT_CLASSIFY_PARAMS, GPU_CLASSIFY_PARAMS, type ClassifyParams } from '../classify/classify-lines.js';
import { CPU_RECOGNIZE_PARAMS, GPU_RECOGNIZE_PARAMS, type RecognizeParams } from '../recognize/recognize-lines.js';
import type { StripPolicy } from './plan-strips.js';
import type { DetectRegionParams } from './detect-region.js';

/** Every tunable of the PP-OCR pipeline in one place, with the values measured on ../shared/eval. */
export interface PipelineParams {
  resize: DetResizePolicy;
  db: DbParams;
  /** How large pages are split for detection (`threads` comes from the executor). */
  strips: Omit<StripPolicy, 'threads'>;
  classify: ClassifyParams;
  /** Mean weighted log-odds above which a page is read as upside down. */
  orientationMargin: number;
  recHeight: number;
  squeeze: DetectRegionParams['squeeze'];
  endMargin: number;
  /** Lift noisy paper to white before cropping (see `whiten-paper.ts`). */
  whitenPaper: boolean;
  recognize: RecognizeParams;
  /**
   * A page's line crops are split into reading tasks of about this many recogniser pixels of
   * width, so one page's recognition spreads over all inference threads. On GPU one task per
   * page lets the recogniser batch all its lines.
   */
  readChunkWidth: number;
}

export const CPU_PIPELINE_PARAMS: Readonly<PipelineParams> = Object.freeze({
  resize: DEFAULT_DET_RESIZE_POLICY,
  db: DEFAULT_DB_PARAMS,
  // A 2 MP letter page splits over two cores, and never into pieces above 0.5 MP, which bounds
  // the detector's activations per thread; 200 page rows of overlap is several times the
  // tallest body line. A page cut in blank rows needs no overlap: from 0.4 MP it splits over the
  // cores too, keeping 24 rows of paper past each cut of at least 6 blank rows.
  strips: {
    minStripDetPixels: 600_000,
    minCutStripDetPixels: 200_000,
    maxStripDetPixels: 500_000,
    overlapRows: 200,
    cutMarginRows: 24,
    minBlankRun: 6,
  },
  classify: DEFAULT_CLASSIFY_PARAMS,
  orientationMargin: 0.5,
  recHeight: 48,
  squeeze: { fromHeight: 20, scale: 0.7 },
  endMargin: 0.25,
  whitenPaper: true,
  recognize: CPU_RECOGNIZE_PARAMS,
  readChunkWidth: 2000,
});

export const GPU_PIPELINE_PARAMS: Readonly<PipelineParams> = Object.freeze({
  ...CPU_PIPELINE_PARAMS,
  // One detector call per page: a GPU runs a whole page faster than the overlap costs.
  strips: {
    ...CPU_PIPELINE_PARAMS.strips,
    minStripDetPixels: Number.POSITIVE_INFINITY,
    minCutStripDetPixels: Number.POSITIVE_INFINITY,
    maxStripDetPixels: 4_000_000,
  },
  // As many text regions per pixel as the CPU's strips keep (1000 per 0.5 MP strip): with the
  // page in one call, the default 1000 would drop the smallest words of a dense table.
  db: { ...DEFAULT_DB_PARAMS, maxCandidates: 8_000 },
  classify: GPU_CLASSIFY_PARAMS,
  recognize: GPU_RECOGNIZE_PARAMS,
  readChunkWidth: Number.POSITIVE_INFINITY,
});
