import { availableParallelism } from 'node:os';
import { delimiter } from 'node:path';
import type { EnvReader } from '@ocr-pool/contracts';
import type { Device } from '../runtime/execution-provider.js';
import type { RecPrecisionSetting } from '../runtime/recogniser-precision.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../image/image-limits.js';
import { DEFAULT_DET_RESIZE_POLICY } from '../detect/det-resize-plan.js';

/**
 * The engine's settings, parsed from `OCR_*` variables by the caller's config module. Defaults
 * are the measured best for this CPU class: one inference thread per core, one onnxruntime
 * thread each.
 */
export interface EngineConfig {
  engine: 'ppocr' | 'fake';
  device: Device;
  /** Inference threads (worker_threads), each with its own sessions. */
  threads: number;
  /** onnxruntime intra-op threads per inference thread. */
  intraOpThreads: number;
  cudaDeviceId: number;
  /** Exact graph rewrites before loading models (`OCR_GRAPH_REWRITES`, default on). */
  graphRewrites: boolean;
  /** onnxruntime CPU memory arena (`OCR_CPU_ARENA`, default off: see `SessionSettings.cpuArena`). */
  cpuArena: boolean;
  /** Recogniser precision (`OCR_REC_PRECISION`, default auto: see `recogniser-precision.ts`). */
  recPrecision: RecPrecisionSetting;
  /** Extra model pack folders (`OCR_MODEL_DIR`, separated like PATH). */
  modelDirs: string[];
  limits: ImageLimits;
  detMaxSide: number;
  detMaxPixels: number;
  /** `auto`: read the languages no PP-OCR pack covers with the OS's tesseract when installed. */
  tesseract: 'auto' | 'off';
  /** tesseract processes at once (each single-threaded). */
  tesseractProcesses: number;
  /** Height lines are scaled to for tesseract. */
  tesseractLineHeight: number;
  /** Simulated model time per batch for `OCR_ENGINE=fake` (queue tests and load rehearsals). */
  fakeDelayMs: number;
  /** `OCR_ENGINE=fake` only: a hex prefix of SHA-256 that makes a batch holding such an image throw (fault tests). */
  fakeCrashOnDigest: string;
}

export function readEngineConfig(env: EnvReader): EngineConfig {
  const device = env.oneOf<Device>('OCR_DEVICE', ['cpu', 'cuda', 'auto'], 'cpu');
  const cores = availableParallelism();
  return {
    engine: env.oneOf('OCR_ENGINE', ['ppocr', 'fake'], 'ppocr'),
    device,
    // A GPU is one device: more than one thread feeding it only splits its batches.
    threads: env.int('OCR_INFERENCE_THREADS', device === 'cuda' ? 1 : cores, 1, 256),
    intraOpThreads: env.int('OCR_INTRA_OP_THREADS', 1, 1, 256),
    cudaDeviceId: env.int('OCR_CUDA_DEVICE_ID', 0, 0, 64),
    graphRewrites: env.bool('OCR_GRAPH_REWRITES', true),
    cpuArena: env.bool('OCR_CPU_ARENA', false),
    recPrecision: env.oneOf<RecPrecisionSetting>('OCR_REC_PRECISION', ['auto', 'fp32', 'int8'], 'auto'),
    modelDirs: env.list('OCR_MODEL_DIR', delimiter),
    limits: {
      maxBytes: env.int('MAX_IMAGE_BYTES', DEFAULT_IMAGE_LIMITS.maxBytes, 1),
      maxPixels: env.int('OCR_MAX_IMAGE_PIXELS', DEFAULT_IMAGE_LIMITS.maxPixels, 1),
    },
    detMaxSide: env.int('OCR_DET_MAX_SIDE', DEFAULT_DET_RESIZE_POLICY.maxSide, 32, 16384),
    detMaxPixels: env.int('OCR_DET_MAX_PIXELS', DEFAULT_DET_RESIZE_POLICY.maxPixels, 1024),
    fakeDelayMs: env.int('OCR_FAKE_DELAY_MS', 0, 0, 600_000),
    fakeCrashOnDigest: env.string('OCR_FAKE_CRASH_ON', '').toLowerCase(),
    tesseract: env.oneOf('OCR_TESSERACT', ['auto', 'off'], 'auto'),
    tesseractProcesses: env.int('OCR_TESSERACT_PROCESSES', cores, 1, 256),
    tesseractLineHeight: env.int('OCR_TESSERACT_LINE_HEIGHT', 36, 16, 200),
  };
}
