import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvReader } from '@ocr-pool/contracts';
import {
  CPU_PIPELINE_PARAMS,
  GPU_PIPELINE_PARAMS,
  createEngine,
  readEngineConfig,
  type OcrEngine,
  type OcrRequest,
} from '@ocr-pool/ocr-engine';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { benchProgress } from './bench-progress.js';
import { runInFlight } from './in-flight.js';
import { lineChart } from './charts/line-chart.js';
import { writeChart } from './chart-files.js';

/**
 * `npm run bench -- batch [--sizes 1,2,4,8,16]`: the engine's throughput in this process against
 * batch size, in the two senses the code has:
 * - images per `engine.recognize` call: what the worker's dynamic batcher hands the engine
 *   (`BATCH_MAX_SIZE`), with two calls in flight as the worker allows (`BATCH_MAX_IN_FLIGHT`);
 * - line crops per recogniser model call (`RecognizeParams.maxBatch`: 1 on CPU, 32 on GPU), crops
 *   of up to 1.5x the narrowest width padded together as on GPU, with as many images in flight
 *   as the engine benchmark uses;
 * - images per call again, with the pages of a call classified and read together as a GPU worker
 *   does (cross-page batches of up to 64 windows and 32 crops), on this CPU.
 * Only images PP-OCR reads (Korean goes to tesseract, which has neither knob).
 */
export interface BatchBenchOptions {
  setDir: string;
  sizes: number[];
  chartDir: string;
}

// The worker's default BATCH_MAX_IN_FLIGHT (apps/worker/src/config.ts).
const WORKER_BATCHES_IN_FLIGHT = 2;

interface Point {
  size: number;
  imagesPerSecond: number;
  p50: number;
  p95: number;
  failed: number;
}

export async function runBatchBench(options: BatchBenchOptions): Promise<void> {
  const set = loadEvalSet(options.setDir);
  const entries = set.entries.filter((e) => e.lang !== 'ko');
  const images = await Promise.all(entries.map((e) => readFile(join(set.dir, e.file))));
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  const requests = entries.map((e, i) => ({
    image: images[i]!,
    options: { language: e.lang, confidence_threshold: 0.5, use_angle_cls: true },
  }));
  console.log(`# batch benchmark: ${entries.length} images from ${set.dir} (Korean left out: tesseract reads it)`);
  console.log(
    `# ${describeMachine()}; ${config.threads} inference threads x ${config.intraOpThreads} onnxruntime threads\n`,
  );
  const progress = benchProgress('batch', entries.length * options.sizes.length * 3);
  const perCallRuns = async (engine: OcrEngine): Promise<Point[]> => {
    await engine.recognize([requests[0]!]);
    const points: Point[] = [];
    for (const size of options.sizes) points.push(await imagesPerCall(engine, requests, size, progress));
    await engine.close();
    return points;
  };

  // 1. Images per engine.recognize call, one engine for every size.
  const perCall = await perCallRuns(await createEngine(config));

  // 2. Crops per recogniser call: the parameter is fixed when the engine is built, so one engine per size.
  const perModelCall: Point[] = [];
  const inFlight = config.threads + 1;
  for (const size of options.sizes) {
    const sized: OcrEngine = await createEngine(config, {
      params: {
        ...CPU_PIPELINE_PARAMS,
        recognize: { maxBatch: size, maxWidthRatio: size === 1 ? 1 : 1.5, crossPageCrops: 0 },
      },
    });
    await sized.recognize([requests[0]!]);
    const run = await runInFlight(
      entries.length,
      inFlight,
      async (i) => {
        const t0 = performance.now();
        const outcomes = await sized.recognize([requests[i]!]);
        return { ms: performance.now() - t0, outcomes };
      },
      () => progress.tick(),
    );
    await sized.close();
    perModelCall.push(point(size, entries.length, run));
  }

  // 3. The GPU's cross-page batching on this CPU: pages of a call classified and read together.
  const joined = await perCallRuns(
    await createEngine(config, {
      params: {
        ...CPU_PIPELINE_PARAMS,
        classify: GPU_PIPELINE_PARAMS.classify,
        recognize: GPU_PIPELINE_PARAMS.recognize,
      },
    }),
  );
  progress.finish();

  const rows = [
    ...perCall.map((p) => [
      `images per engine.recognize call (${WORKER_BATCHES_IN_FLIGHT} calls in flight)`,
      ...cells(p),
    ]),
    ...perModelCall.map((p) => [`line crops per recogniser call (${inFlight} images in flight)`, ...cells(p)]),
    ...joined.map((p) => [
      `images per call, pages batched together (${WORKER_BATCHES_IN_FLIGHT} calls in flight)`,
      ...cells(p),
    ]),
  ];
  console.log(formatTable(['batch of', 'size', 'images/s', 'p50 ms per call', 'p95 ms per call', 'failed'], rows));

  const chart = lineChart({
    title: 'Engine throughput against batch size (in process)',
    xLabel: 'batch size',
    yLabel: 'images/s',
    xScale: 'log',
    xTicks: options.sizes,
    series: [
      { name: 'images per recognize() call', points: perCall.map((p) => [p.size, p.imagesPerSecond] as const) },
      { name: 'line crops per model call', points: perModelCall.map((p) => [p.size, p.imagesPerSecond] as const) },
      {
        name: 'images per call, pages batched together',
        points: joined.map((p) => [p.size, p.imagesPerSecond] as const),
      },
    ],
  });
  console.log(`\nchart: ${await writeChart(options.chartDir, 'batch-throughput', chart)}`);
}

/** Throughput of `engine` fed `size` images per `recognize()` call, as many calls in flight as a worker runs. */
async function imagesPerCall(
  engine: OcrEngine,
  requests: readonly OcrRequest[],
  size: number,
  progress: { tick(n?: number): void },
): Promise<Point> {
  const calls = Math.ceil(requests.length / size);
  const run = await runInFlight(
    calls,
    WORKER_BATCHES_IN_FLIGHT,
    async (c) => {
      const t0 = performance.now();
      const outcomes = await engine.recognize(requests.slice(c * size, (c + 1) * size));
      return { ms: performance.now() - t0, outcomes };
    },
    (c) => progress.tick(Math.min(size, requests.length - c * size)),
  );
  return point(size, requests.length, run);
}

/** A size's figures from its timed calls (each call's time and the outcomes of its images). */
function point(
  size: number,
  images: number,
  run: { seconds: number; results: ReadonlyArray<{ ms: number; outcomes: ReadonlyArray<{ ok: boolean }> }> },
): Point {
  const callMs = run.results.map((r) => r.ms);
  const outcomes = run.results.flatMap((r) => r.outcomes);
  const seconds = run.seconds;
  return {
    size,
    imagesPerSecond: images / seconds,
    p50: quantile(callMs, 0.5) ?? NaN,
    p95: quantile(callMs, 0.95) ?? NaN,
    failed: outcomes.filter((o) => !o.ok).length,
  };
}

const cells = (p: Point): Array<string | number> => [
  p.size,
  p.imagesPerSecond.toFixed(2),
  p.p50.toFixed(0),
  p.p95.toFixed(0),
  p.failed,
];
