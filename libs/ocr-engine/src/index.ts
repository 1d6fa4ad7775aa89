export type { OcrEngine, OcrRequest, OcrOutcome } from './engines/ocr-engine.js';
export { createEngine, loadPacks, routeLanguages, type CreateEngineOptions } from './engines/create-engine.js';
export { readEngineConfig, type EngineConfig } from './engines/engine-config.js';
export { PpOcrEngine } from './engines/ppocr-engine.js';
export { FakeEngine, type FakeEngineOptions } from './engines/fake-engine.js';
export { LanguageRegistry, type LanguageRoute } from './languages/language-registry.js';
export type { ModelPack, PackManifest } from './packs/model-pack.js';
export { readInt8Calibration } from './packs/model-pack.js';
export { bundledPack } from './packs/bundled-pack.js';
export { decodeImage, type DecodedImage } from './image/decode-image.js';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image/image-limits.js';
export type { Device } from './runtime/execution-provider.js';
export { CPU_PIPELINE_PARAMS, GPU_PIPELINE_PARAMS, type PipelineParams } from './pipeline/pipeline-params.js';
export { optimiseModel, type RewriteReport } from './runtime/graph/optimise-model.js';
export { tensorFloats, OnnxGraph } from './runtime/graph/onnx-graph.js';
export {
  quantiseRecogniser,
  quantiseWithCalibration,
  tensorsToCalibrate,
  defaultFirstInt8Conv,
  type WeightBits,
} from './runtime/graph/quantise-recogniser.js';
export { ActivationExtent, ActivationHistogram, DEFAULT_TAIL_SHARE } from './runtime/graph/activation-histogram.js';
export { QUANTISATION_SCHEME, type Int8Calibration } from './runtime/graph/int8-calibration.js';
export { calibrationProblem, fileSha256 } from './runtime/recogniser-precision.js';
export { cpuInt8Support, int8WeightBits } from './runtime/cpu-int8-support.js';
export type { RecogniserInputObserver } from './runtime/pack-sessions.js';
export type { InferenceUsage } from './runtime/inference-usage.js';
export type { PrecisionChoice, RecPrecisionSetting } from './runtime/recogniser-precision.js';
export { annotateImage, buildAnnotationSvg, type AnnotationLayout } from '@ocr-pool/annotate';
export { ProgressReporter, type ProgressOptions, type ProgressStream } from './cli/progress-reporter.js';
