import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { optimiseModel } from './graph/optimise-model.js';
import { quantiseWithCalibration, type Int8Form } from './graph/quantise-recogniser.js';
import { addCtcStepSummary, type CtcSummarySpec } from './graph/ctc-step-summary.js';

/**
 * Which onnxruntime execution provider runs the models.
 * - `cpu`: always available (the CPU build ships inside onnxruntime-node).
 * - `cuda`: fail fast when CUDA cannot be used. A GPU pod that silently fell back to CPU would
 *   look healthy while running 20x slower, so an explicit request is never downgraded.
 * - `auto`: CUDA when it loads, otherwise CPU with a warning through `onFallback`.
 * onnxruntime itself does not fall back: `['cuda', 'cpu']` throws when CUDA is missing.
 */
export type Device = 'cpu' | 'cuda' | 'auto';

export interface SessionSettings {
  device: Device;
  /** Threads onnxruntime uses inside one model call. */
  intraOpThreads: number;
  /** GPU ordinal for CUDA. */
  cudaDeviceId: number;
  /** Apply the exact graph rewrites of `graph/optimise-model.ts` before loading (default on). */
  graphRewrites: boolean;
  /**
   * onnxruntime's CPU memory arena. It grows by doubling and never shrinks, so each thread keeps
   * its largest detector activations (200+ MB) forever; without it memory returns to the C
   * allocator between calls. Measured on ../shared/eval: peak RSS 1.19 GB with, 0.94 GB without
   * (with MALLOC_ARENA_MAX=2), about 5% slower. Default off.
   */
  cpuArena: boolean;
}

export const DEFAULT_SESSION_SETTINGS: Readonly<SessionSettings> = Object.freeze({
  device: 'cpu',
  intraOpThreads: 1,
  cudaDeviceId: 0,
  graphRewrites: true,
  cpuArena: false,
});

function options(settings: SessionSettings, provider: 'cpu' | 'cuda'): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cuda' ? [{ name: 'cuda', deviceId: settings.cudaDeviceId }] : ['cpu'],
    intraOpNumThreads: settings.intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // onnxruntime logs every failed broadcast to stderr in colour; errors reach us as exceptions.
    logSeverityLevel: 3,
    enableCpuMemArena: settings.cpuArena,
    enableMemPattern: false,
  };
}

export type ExecutionProvider = 'cpu' | 'cuda';

export interface CreatedSession {
  session: ort.InferenceSession;
  provider: ExecutionProvider;
}

/** How a recogniser is built from its float file (absent for det and cls). */
export interface RecogniserForm {
  /** Its int8 form with this calibration (CPU only; see `recogniser-precision.ts` for who decides). */
  int8?: Int8Form;
  /** Ends the graph in greedy CTC decoding's per-step summary instead of the softmax. */
  ctcSummary?: CtcSummarySpec;
}

/**
 * The bytes onnxruntime loads: the file, with the exact rewrites, then the recogniser's form. A
 * recogniser that its calibration or the step summary does not fit is the pack's fault, reported
 * with its file at start-up.
 */
function buildModel(modelPath: string, graphRewrites: boolean, { int8, ctcSummary }: RecogniserForm): Uint8Array {
  const raw = readFileSync(modelPath);
  // An int8 recogniser is rewritten whatever OCR_GRAPH_REWRITES says: its calibration names the
  // rewritten graph's tensors.
  let model: Uint8Array = graphRewrites || int8 ? optimiseModel(raw).bytes : raw;
  try {
    if (int8) model = quantiseWithCalibration(model, int8.calibration, int8.weightBits).bytes;
    // After quantisation, which moves the model to opset 10 (the summary's operators are alike in both).
    return ctcSummary ? addCtcStepSummary(model, ctcSummary) : model;
  } catch (error) {
    throw new OcrError(
      ErrorCodes.MODEL_PACK_INVALID,
      `Cannot build the recogniser from ${modelPath}${int8 ? " with its pack's int8 calibration" : ''}: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

export async function createSession(
  modelPath: string,
  settings: SessionSettings,
  onFallback: (reason: string) => void = () => {},
  form: RecogniserForm = {},
): Promise<CreatedSession> {
  const { int8 } = form;
  const model = buildModel(modelPath, settings.graphRewrites, form);
  // int8 is planned for the CPU only (recogniser-precision.ts); kept here so no other path builds it for CUDA.
  if (int8 || settings.device === 'cpu') {
    return { session: await ort.InferenceSession.create(model, options(settings, 'cpu')), provider: 'cpu' };
  }
  try {
    return { session: await ort.InferenceSession.create(model, options(settings, 'cuda')), provider: 'cuda' };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (settings.device === 'cuda') {
      throw new OcrError(
        ErrorCodes.EXECUTION_PROVIDER_UNAVAILABLE,
        `OCR_DEVICE=cuda but the CUDA execution provider did not load (${reason}). Install the onnxruntime-node CUDA build and CUDA 12 + cuDNN 9 (see docs/deploy.md), or set OCR_DEVICE=cpu or auto.`,
      );
    }
    onFallback(`CUDA unavailable, running on CPU: ${reason}`);
    return { session: await ort.InferenceSession.create(model, options(settings, 'cpu')), provider: 'cpu' };
  }
}
