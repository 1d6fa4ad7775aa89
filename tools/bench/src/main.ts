#!/usr/bin/env node
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WeightBits } from '@ocr-pool/ocr-engine';
import { runEngineBench } from './engine-bench.js';
import { runModelsBench } from './models-bench.js';
import { runInt8Bench } from './int8-bench.js';
import { runCalibrate } from './calibrate-bench.js';
import { runHttpBench } from './http-bench.js';
import { runChaosBench } from './chaos-bench.js';
import { runGrpcBench } from './grpc-bench.js';
import { runMetricsBench } from './metrics-bench.js';
import { runLoadBench } from './load-bench.js';
import { runBatchBench } from './batch-bench.js';
import { runWorkersBench } from './workers-bench.js';
import { runLatencyBench } from './latency-bench.js';
import { runOverheadBench } from './overhead-bench.js';

/**
 * `npm run bench -- <which> [options]`. Each benchmark prints a table; `engine` and `load` also
 * write their raw figures under bench-output/, and those that draw a chart write it to docs/bench/
 * (beside BENCHMARKS.md, committed). Performance is measured here, never in tests. Progress goes to stderr only.
 */
const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const USAGE = `usage: npm run bench -- <benchmark> [options]

  engine [--set DIR] [--out DIR]
           the OCR engine in this process on an evaluation set (default ../shared/eval):
           per-category CER, latency p50/p95, images/s, peak RSS; chart: CER per category vs peers
  batch [--sizes 1,2,4,8,16] [--set DIR]
           the engine in this process: images/s against images per recognize() call (the worker's
           BATCH_MAX_SIZE) and against line crops per recogniser model call; chart
  models   session.run time of the bundled models, as exported, after the graph rewrites, and the
           recogniser in int8 (its shipped calibration)
  int8 [--pages 100] [--hard-pages 80]
           the int8 recogniser against float: model run time, and page CER and engine time on
           synthetic pages (general kinds, and degraded at its worst) read both ways in turn
  calibrate [--pages 160] [--hard-pages 40] [--every 4] [--weight-bits 8,7] [--pack DIR] [--out FILE]
           measures the int8 recogniser's activation ranges and bias shifts on synthetic pages and
           writes the calibration (default: the bundled pack's, libs/ocr-engine/src/packs/ppocr-v4-ch-rec.int8.json);
           --weight-bits 7 alone adds the 7-bit shifts to the calibration in --out (any CPU; 8 needs VNNI)
  http [--set DIR]
           the service end to end (gateway + worker processes, Redis) against the engine in process
  overhead [--calls 200] [--set DIR]
           where the queue's overhead on a small image goes: each POST /extract_text as a timeline
           of its bytes through gateway, Redis and worker (stamped by a preload), p50 per step
  workers [--counts 1,2,3,4] [--threads 1] [--rounds 1] [--set DIR]
           drained images/s of gateway + Redis + N worker processes (--threads inference threads
           each), the set queued --rounds times per N; chart: throughput against N
  latency [--rates 5,10,20,40] [--seconds 10] [--workers 1] [--category en_line] [--set DIR]
           POST /extract_text at fixed offered rates (open loop): p50/p95/p99 end-to-end latency
           per rate; chart: latency percentiles against load
  grpc [--set DIR]
           gRPC ExtractText against the engine in process: overhead, 200 concurrent calls, deadlines
  chaos [--jobs N] [--set DIR]
           N submits (default 2000) to two workers, one SIGKILLed and restarted: nothing may be lost
  metrics [--sizes 0,10000,100000] [--scrapes N]
           GET /metrics of a gateway with that many jobs queued (default 200 scrapes a size): p50/p95/p99
  load [--workers 2] [--drain-seconds 30] [--burst-seconds 40] [--max-queue-depth 150] [--worker-nice 0] [--set DIR] [--out DIR]
           open-loop async submits at the workers' drain rate, then at twice it: 202/429/5xx counts,
           submit latency p50/p95/p99, backlog; then checks every accepted job ended

  Charts go to --charts DIR (default docs/bench, next to BENCHMARKS.md); progress to stderr.`;

/** The options each benchmark reads; anything else on its command line is a typo to refuse, not ignore. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  engine: ['--set', '--out', '--charts'],
  batch: ['--sizes', '--set', '--charts'],
  models: [],
  int8: ['--pages', '--hard-pages'],
  calibrate: ['--pages', '--hard-pages', '--every', '--weight-bits', '--pack', '--out'],
  http: ['--set'],
  overhead: ['--calls', '--set'],
  workers: ['--counts', '--threads', '--rounds', '--set', '--charts'],
  latency: ['--rates', '--seconds', '--workers', '--category', '--set', '--charts'],
  grpc: ['--set'],
  chaos: ['--jobs', '--set'],
  metrics: ['--sizes', '--scrapes'],
  load: ['--workers', '--drain-seconds', '--burst-seconds', '--max-queue-depth', '--worker-nice', '--set', '--out'],
};

async function main(argv: string[]): Promise<number> {
  const [which, ...rest] = argv;
  const allowed = which === undefined ? undefined : OPTIONS[which];
  if (!allowed) {
    console.error(USAGE);
    return 2;
  }
  for (let i = 0; i < rest.length; i += 2) {
    if (!allowed.includes(rest[i]!) || rest[i + 1] === undefined) {
      console.error(
        `${which}: ${allowed.includes(rest[i]!) ? `${rest[i]} needs a value` : `unknown option ${rest[i]}`}; it takes ${allowed.join(' ') || 'no options'}\n\n${USAGE}`,
      );
      return 2;
    }
  }
  const flag = (name: string, fallback: string): string => {
    const i = rest.indexOf(name);
    return i >= 0 && rest[i + 1] ? rest[i + 1]! : fallback;
  };
  // Every numeric flag is checked here, so a typo fails at once instead of as NaN minutes later.
  const numbers = (name: string, fallback: string, { min = 1, integer = true } = {}): number[] => {
    const values = flag(name, fallback).split(',').map(Number);
    if (values.some((v) => !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))))
      throw new Error(`${name}: expected ${integer ? 'whole ' : ''}numbers of at least ${min}, e.g. ${fallback}`);
    return values;
  };
  const number = (name: string, fallback: string, limits: { min?: number; integer?: boolean } = {}): number => {
    const values = numbers(name, fallback, limits);
    if (values.length !== 1) throw new Error(`${name}: expected one number, e.g. ${fallback}`);
    return values[0]!;
  };
  const outDir = resolve(flag('--out', resolve(REPO_ROOT, 'bench-output')));
  const chartDir = resolve(flag('--charts', resolve(REPO_ROOT, 'docs/bench')));
  const setDir = resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval')));
  switch (which) {
    case 'engine':
      await runEngineBench({ setDir, outDir, chartDir });
      return 0;
    case 'batch':
      await runBatchBench({ setDir, sizes: numbers('--sizes', '1,2,4,8,16'), chartDir });
      return 0;
    case 'workers':
      await runWorkersBench({
        setDir,
        counts: numbers('--counts', '1,2,3,4'),
        threads: number('--threads', '1'),
        rounds: number('--rounds', '1'),
        chartDir,
      });
      return 0;
    case 'latency':
      await runLatencyBench({
        setDir,
        rates: numbers('--rates', '5,10,20,40', { integer: false }),
        seconds: number('--seconds', '10', { integer: false }),
        workers: number('--workers', '1'),
        category: flag('--category', 'en_line'),
        chartDir,
      });
      return 0;
    case 'http':
      await runHttpBench(setDir);
      return 0;
    case 'overhead':
      await runOverheadBench(setDir, number('--calls', '200'));
      return 0;
    case 'grpc':
      await runGrpcBench(setDir);
      return 0;
    case 'chaos':
      await runChaosBench(setDir, number('--jobs', '2000'));
      return 0;
    case 'metrics':
      await runMetricsBench(numbers('--sizes', '0,10000,100000', { min: 0 }), number('--scrapes', '200'));
      return 0;
    case 'load':
      await runLoadBench({
        setDir,
        outDir,
        workers: number('--workers', '2'),
        drainSeconds: number('--drain-seconds', '30', { integer: false }),
        burstSeconds: number('--burst-seconds', '40', { integer: false }),
        maxQueueDepth: number('--max-queue-depth', '150'),
        workerNice: number('--worker-nice', '0', { min: -20 }),
      });
      return 0;
    case 'models':
      await runModelsBench();
      return 0;
    case 'int8':
      await runInt8Bench({
        pages: number('--pages', '100', { min: 0 }),
        hardPages: number('--hard-pages', '80', { min: 0 }),
      });
      return 0;
    case 'calibrate': {
      const packDir = rest.includes('--pack') ? resolve(flag('--pack', '')) : undefined;
      await runCalibrate({
        pages: number('--pages', '160', { min: 0 }),
        hardPages: number('--hard-pages', '40', { min: 0 }),
        every: number('--every', '4'),
        weightBits: weightBitsList(numbers('--weight-bits', '8,7', { min: 7 })),
        ...(packDir ? { packDir } : {}),
        out: resolve(
          flag(
            '--out',
            packDir
              ? resolve(packDir, 'rec.int8.json')
              : resolve(REPO_ROOT, 'libs/ocr-engine/src/packs/ppocr-v4-ch-rec.int8.json'),
          ),
        ),
      });
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

/** `--weight-bits`: 8, 7 or both, each once. */
function weightBitsList(values: readonly number[]): WeightBits[] {
  const bits = [...new Set(values)];
  if (!bits.every((b): b is WeightBits => b === 7 || b === 8)) throw new Error('--weight-bits: expected 8, 7 or 8,7');
  return bits;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
