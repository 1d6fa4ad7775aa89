export { DynamicBatcher, type DynamicBatcherOptions } from './batching/dynamic-batcher.js';
export { readWorkerConfig, type WorkerConfig } from './config.js';
export { OcrWorker, type OcrWorkerOptions } from './processing/ocr-worker.js';
export { WorkerMetrics } from './metrics/worker-metrics.js';
