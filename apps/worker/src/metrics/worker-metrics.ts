import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OcrResult } from '@ocr-pool/contracts';
import type { InferenceUsage } from '@ocr-pool/ocr-engine';

/**
 * The worker's Prometheus metrics (names as in ARCHITECTURE.md). Labels are bounded: outcomes,
 * error codes and stage names, never job ids.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: 'ocr_worker_jobs_total',
    help: 'Jobs that ended an attempt on this worker, by outcome (completed, failed, retried, stalled) and error code.',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'ocr_worker_batch_size',
    help: 'Images per engine batch.',
    buckets: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64],
    registers: [this.registry],
  });
  /** A batch that threw as a whole and was read again image by image: a poison image, or a sick engine. */
  readonly batchSplits = new Counter({
    name: 'ocr_worker_batch_splits_total',
    help: 'Engine batches that failed as a whole and were run again one image at a time.',
    registers: [this.registry],
  });
  readonly stageSeconds = new Histogram({
    name: 'ocr_worker_stage_seconds',
    help: 'Time per pipeline stage per image.',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queueWaitSeconds = new Histogram({
    name: 'ocr_worker_queue_wait_seconds',
    help: 'Time from submission until a worker first took the job (retries and stalled reruns are not counted again).',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly jobSeconds = new Histogram({
    name: 'ocr_worker_job_seconds',
    help: 'Time from a worker taking a job until its result, batching included.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** 1 per running worker, labelled with its engine and device: `count(ocr_worker_info)` counts workers. */
  readonly info = new Gauge({
    name: 'ocr_worker_info',
    help: 'A running worker (always 1), by engine and device.',
    labelNames: ['engine', 'device'] as const,
    registers: [this.registry],
  });

  /** 1 per model pack this worker reads with, by how its recogniser runs (`OCR_REC_PRECISION`). */
  readonly recogniser = new Gauge({
    name: 'ocr_worker_recogniser_info',
    help: 'A model pack of this worker (always 1), by pack and recogniser precision (int8 or fp32).',
    labelNames: ['pack', 'precision'] as const,
    registers: [this.registry],
  });

  /**
   * The engine's inference threads and their time, read at each scrape. Thread utilisation is
   * `rate(ocr_worker_inference_busy_seconds_total[5m]) / ocr_worker_inference_threads`: near 1
   * the worker is saturated and more workers (not bigger batches) add throughput; the model share
   * `rate(ocr_worker_model_run_seconds_total) / rate(ocr_worker_inference_busy_seconds_total)` is
   * how much of that time onnxruntime itself takes. `rate(ocr_worker_recognizer_lines_total) /
   * rate(ocr_worker_recognizer_runs_total)` is the recogniser's mean batch size: 1 on CPU by
   * design; on a GPU, well under its batch limit means too few jobs reach the worker at once. The
   * angle classifier's pair says the same of its batches (up to 16 windows on CPU, 64 on GPU).
   */
  watchInference(usage: () => InferenceUsage | undefined): void {
    const reading = (pick: (u: InferenceUsage) => number) =>
      function (this: Counter | Gauge): void {
        const value = usage();
        this.reset();
        if (value) this.inc(pick(value));
      };
    new Gauge({
      name: 'ocr_worker_inference_threads',
      help: 'Inference threads of this worker (0 for engines without them).',
      registers: [this.registry],
      collect: reading((u) => u.threads),
    });
    const totals: Array<[name: string, help: string, pick: (u: InferenceUsage) => number]> = [
      [
        'ocr_worker_inference_busy_seconds_total',
        'Thread time the inference threads spent on tasks: model runs and the image work around them.',
        (u) => u.busySeconds,
      ],
      [
        'ocr_worker_model_run_seconds_total',
        "Thread time spent inside onnxruntime's session.run, part of the busy time.",
        (u) => u.modelSeconds,
      ],
      [
        'ocr_worker_recognizer_runs_total',
        'Calls of the text recogniser model (each reads a batch of line crops).',
        (u) => u.recognizerRuns,
      ],
      [
        'ocr_worker_recognizer_lines_total',
        'Line crops the text recogniser read; divided by its runs, the mean batch size.',
        (u) => u.recognizerLines,
      ],
      [
        'ocr_worker_classifier_runs_total',
        'Calls of the angle classifier model (each reads a batch of 48x192 line windows).',
        (u) => u.classifierRuns,
      ],
      [
        'ocr_worker_classifier_windows_total',
        'Line windows the angle classifier read; divided by its runs, the mean batch size.',
        (u) => u.classifierWindows,
      ],
    ];
    for (const [name, help, pick] of totals)
      new Counter({ name, help, registers: [this.registry], collect: reading(pick) });
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // prom-client's `nodejs_active_*_total` are gauges; the `_total` suffix is for counters only
    // (promtool flags them). The same numbers are in `nodejs_active_*`.
    for (const { name } of this.registry.getMetricsAsArray())
      if (name.endsWith('_total') && !(this.registry.getSingleMetric(name) instanceof Counter))
        this.registry.removeSingleMetric(name);
  }

  observeResult(result: OcrResult): void {
    for (const stage of ['decode', 'detect', 'classify', 'recognize'] as const) {
      this.stageSeconds.observe({ stage }, result.timings_ms[stage] / 1000);
    }
  }
}
