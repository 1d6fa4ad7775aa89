export type { OcrEngine, OcrRequest, OcrOutcome } from './engines/ocr-engine.js';
export { createEngine, loadPacks, routeLanguages, type CreateEngineOptions } from './engines/create-engine.js';
export { readEngineConfig, type EngineConfig } from './engines/engine-config.js';
export { PpOcrEngine } from './engines/ppocr-engine.js';
export { FakeEngine, type FakeEngineOptions } from './engines/fake-engine.js';
export { LanguageRegistry, type LanguageRoute } from './languages/language-registry.js';
export type { ModelPack, PackManifest } from './packs/model-pack.js';
export { bundledPack } from './packs/bundled-pack.js';
export { decodeImage, type DecodedImage } from './image/decode-image.js';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image/image-limits.js';
export type { Device } from './runtime/execution-provider.js';
export { CPU_PIPELINE_PARAMS, GPU_PIPELINE_PARAMS, type PipelineParams } from './pipeline/pipeline-params.js';
export { optimiseModel, type RewriteReport } from './runtime/graph/optimise-model.js';
export { annotateImage, buildAnnotationSvg, type AnnotationLayout } from '@ocr-pool/annotate';
export {
  ProgressReporter,
  formatProgress,
  formatDuration,
  type ProgressOptions,
  type ProgressStream,
} from './cli/progress-reporter.js';
