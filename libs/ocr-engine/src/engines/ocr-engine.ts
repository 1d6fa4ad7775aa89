import type { OcrError, OcrOptions, OcrResult } from '@ocr-pool/contracts';
import type { LanguageRoute } from '../languages/language-registry.js';
import type { InferenceUsage } from '../runtime/inference-usage.js';
import type { PrecisionChoice } from '../runtime/recogniser-precision.js';

/**
 * What the worker and the CLI see of OCR: images and options in, one outcome per image out, in
 * request order. One image's failure (corrupt bytes, unknown language) never fails the others.
 */
export interface OcrRequest {
  image: Uint8Array;
  options: OcrOptions;
}

export type OcrOutcome = { ok: true; result: OcrResult } | { ok: false; error: OcrError };

export interface OcrEngine {
  /** Short id, e.g. `ppocr`, `fake`. */
  readonly id: string;
  /** Installed languages and what reads each. */
  languages(): LanguageRoute[];
  recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]>;
  /**
   * False while the engine can read nothing (every inference thread died and none could be
   * started again); absent for engines that are always able to.
   */
  healthy?(): boolean;
  /** Inference thread and model time used so far; absent for engines without inference threads. */
  usage?(): InferenceUsage | undefined;
  /** How each model pack's recogniser runs (int8 or fp32) and why; absent for engines without packs. */
  recognisers?(): PrecisionChoice[];
  close(): Promise<void>;
  /**
   * Before a forced exit with work unfinished: starts no more model runs and resolves once those
   * running have returned (exiting during one aborts the process). Absent where nothing runs on
   * threads of this process.
   */
  halt?(): Promise<void>;
}
