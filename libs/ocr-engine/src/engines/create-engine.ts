import { bundledPack } from '../packs/bundled-pack.js';
import { discoverPacks } from '../packs/discover-packs.js';
import type { ModelPack } from '../packs/model-pack.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import { InferencePool } from '../runtime/inference-pool.js';
import { InProcessExecutor } from '../runtime/in-process-executor.js';
import { PackSessions } from '../runtime/pack-sessions.js';
import type { TaskExecutor } from '../runtime/task-executor.js';
import { CPU_PIPELINE_PARAMS, GPU_PIPELINE_PARAMS, type PipelineParams } from '../pipeline/pipeline-params.js';
import type { EngineConfig } from './engine-config.js';
import { PpOcrEngine } from './ppocr-engine.js';
import { FakeEngine } from './fake-engine.js';
import type { OcrEngine } from './ocr-engine.js';

/**
 * Builds the configured engine: finds model packs (configured folders first, so an operator's
 * pack wins over the bundled one for the same language), routes languages to them, and starts
 * the inference threads with every model loaded.
 */
export interface CreateEngineOptions {
  /** Run inference on the calling thread (tests and tools only: it blocks the event loop). */
  inProcess?: boolean;
  /** Override pipeline parameters (benchmarks and tuning). */
  params?: PipelineParams;
  onWarning?: (message: string) => void;
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
  if (config.engine === 'fake') return new FakeEngine({ limits: config.limits, delayMs: config.fakeDelayMs });
  const packs = loadPacks(config);
  const registry = routeLanguages(packs);
  const settings = {
    device: config.device,
    intraOpThreads: config.intraOpThreads,
    cudaDeviceId: config.cudaDeviceId,
    graphRewrites: config.graphRewrites,
    cpuArena: config.cpuArena,
  };
  const base = options.params ?? (config.device === 'cpu' ? CPU_PIPELINE_PARAMS : GPU_PIPELINE_PARAMS);
  const params: PipelineParams = {
    ...base,
    resize: { ...base.resize, maxSide: config.detMaxSide, maxPixels: config.detMaxPixels },
  };
  let executor: TaskExecutor;
  if (options.inProcess) {
    const sessions = new PackSessions(packs, settings, options.onWarning);
    await sessions.warmUp();
    executor = new InProcessExecutor(sessions);
  } else {
    executor = await InferencePool.start({
      packs,
      settings,
      threads: config.threads,
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
  }
  return new PpOcrEngine({ executor, registry, packs, limits: config.limits, params });
}
