import { bundledPack } from '../packs/bundled-pack.js';
import { discoverPacks } from '../packs/discover-packs.js';
import type { ModelPack } from '../packs/model-pack.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import { InferencePool } from '../runtime/inference-pool.js';
import { InProcessExecutor } from '../runtime/in-process-executor.js';
import { PackSessions, type RecogniserInputObserver } from '../runtime/pack-sessions.js';
import type { TaskExecutor } from '../runtime/task-executor.js';
import { CPU_PIPELINE_PARAMS, GPU_PIPELINE_PARAMS, type PipelineParams } from '../pipeline/pipeline-params.js';
import { PageDetector } from '../pipeline/page-detector.js';
import type { EngineConfig } from './engine-config.js';
import { PpOcrEngine } from './ppocr-engine.js';
import { FakeEngine } from './fake-engine.js';
import { RoutingEngine } from './routing-engine.js';
import { TesseractEngine, codeForTesseract } from './tesseract/tesseract-engine.js';
import { findTesseract } from './tesseract/tesseract-install.js';
import { TesseractRunner } from './tesseract/tesseract-runner.js';
import type { OcrEngine } from './ocr-engine.js';
import { planRecogniserPrecision } from '../runtime/recogniser-precision.js';
import { cpuInt8Support, type Int8Support } from '../runtime/cpu-int8-support.js';

/**
 * Builds the configured engine: finds model packs (configured folders first, so an operator's
 * pack wins over the bundled one for the same language), starts the inference threads with every
 * model loaded, finds the OS's tesseract for the languages no pack reads, and routes each
 * language to the engine that reads it.
 */
export interface CreateEngineOptions {
  /** Run inference on the calling thread (tests and tools only: it blocks the event loop). */
  inProcess?: boolean;
  /** Override pipeline parameters (benchmarks and tuning). */
  params?: PipelineParams;
  onWarning?: (message: string) => void;
  /** What the CPU offers int8 (tests pass their own; default: read from /proc/cpuinfo). */
  int8Support?: Int8Support;
  /** With `inProcess`: sees every recogniser input (the int8 calibration tool collects line crops). */
  observeRecogniserInputs?: RecogniserInputObserver;
}

export function loadPacks(config: Pick<EngineConfig, 'modelDirs'>): ModelPack[] {
  const bundled = bundledPack();
  return [...discoverPacks(config.modelDirs, bundled), bundled];
}

export function routeLanguages(packs: readonly ModelPack[], registry = new LanguageRegistry()): LanguageRegistry {
  for (const pack of packs) for (const language of pack.languages) registry.add(language, 'ppocr', pack.id);
  return registry;
}

export async function createEngine(config: EngineConfig, options: CreateEngineOptions = {}): Promise<OcrEngine> {
  if (config.engine === 'fake')
    return new FakeEngine({
      limits: config.limits,
      delayMs: config.fakeDelayMs,
      ...(config.fakeCrashOnDigest ? { crashOnDigest: config.fakeCrashOnDigest } : {}),
    });
  const warn = options.onWarning ?? (() => undefined);
  const { packs, choices } = planRecogniserPrecision(
    loadPacks(config),
    config.recPrecision,
    config.device,
    options.int8Support ?? cpuInt8Support(),
  );
  const registry = routeLanguages(packs);
  const settings = {
    device: config.device,
    intraOpThreads: config.intraOpThreads,
    cudaDeviceId: config.cudaDeviceId,
    graphRewrites: config.graphRewrites,
    cpuArena: config.cpuArena,
  };
  let executor: TaskExecutor;
  if (options.inProcess) {
    const sessions = new PackSessions(packs, settings, warn, options.observeRecogniserInputs);
    await sessions.warmUp();
    executor = new InProcessExecutor(sessions);
  } else {
    executor = await InferencePool.start({ packs, settings, threads: config.threads, onWarning: warn });
  }
  // By where the models run, not by what was asked: OCR_DEVICE=auto that fell back to the CPU
  // gets the CPU's shape (strips, no cross-page batching).
  const base = options.params ?? (executor.provider === 'cuda' ? GPU_PIPELINE_PARAMS : CPU_PIPELINE_PARAMS);
  const params: PipelineParams = {
    ...base,
    resize: { ...base.resize, maxSide: config.detMaxSide, maxPixels: config.detMaxPixels },
  };
  const detector = new PageDetector(executor, params, config.limits);
  const engines = new Map<string, OcrEngine>([
    ['ppocr', new PpOcrEngine({ executor, detector, registry, packs, params })],
  ]);

  const install = config.tesseract === 'off' ? undefined : await findTesseract();
  if (install) {
    for (const name of install.languages) registry.add(codeForTesseract(name), 'tesseract', name);
    engines.set(
      'tesseract',
      new TesseractEngine({
        detector,
        detectionPack: packs.at(-1)!.id,
        registry,
        install,
        runner: new TesseractRunner(install.binary, config.tesseractProcesses),
        lineHeight: config.tesseractLineHeight,
      }),
    );
  } else if (config.tesseract !== 'off') {
    warn(
      'tesseract not found: languages without a PP-OCR pack (Korean first) are unavailable. Install tesseract-ocr and tesseract-ocr-kor.',
    );
  }
  return new RoutingEngine(
    registry,
    engines,
    () => Promise.resolve(),
    () => executor.usage(),
    choices,
  );
}
