#!/usr/bin/env node
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEngineBench } from './engine-bench.js';
import { runModelsBench } from './models-bench.js';
import { runHttpBench } from './http-bench.js';
import { runChaosBench } from './chaos-bench.js';
import { runGrpcBench } from './grpc-bench.js';
import { runMetricsBench } from './metrics-bench.js';
import { runLoadBench } from './load-bench.js';

/**
 * `npm run bench -- <which> [options]`. Each benchmark prints a table and writes its raw figures
 * under bench-output/. Performance is measured here, never in tests.
 */
const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
const USAGE = `usage: npm run bench -- <benchmark> [options]

  engine [--set DIR] [--out DIR]
           the OCR engine in this process on an evaluation set (default ../shared/eval):
           per-category CER, latency p50/p95, images/s, peak RSS
  models   session.run time of the bundled models, as exported and after the graph rewrites
  http [--set DIR]
           the service end to end (gateway + worker processes, Redis) against the engine in process
  grpc [--set DIR]
           gRPC ExtractText against the engine in process: overhead, 200 concurrent calls, deadlines
  chaos [--jobs N] [--set DIR]
           N submits (default 2000) to two workers, one SIGKILLed and restarted: nothing may be lost
  metrics [--sizes 0,10000,100000] [--scrapes N]
           GET /metrics of a gateway with that many jobs queued (default 200 scrapes a size): p50/p95/p99
  load [--workers 2] [--drain-seconds 30] [--burst-seconds 40] [--max-queue-depth 150] [--worker-nice 0] [--set DIR]
           open-loop async submits at the workers' drain rate, then at twice it: 202/429/5xx counts,
           submit latency p50/p95/p99, backlog; then checks every accepted job ended`;

async function main(argv: string[]): Promise<number> {
  const [which, ...rest] = argv;
  const flag = (name: string, fallback: string): string => {
    const i = rest.indexOf(name);
    return i >= 0 && rest[i + 1] ? rest[i + 1]! : fallback;
  };
  const outDir = resolve(flag('--out', resolve(REPO_ROOT, 'bench-output')));
  switch (which) {
    case 'engine':
      await runEngineBench({ setDir: resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval'))), outDir });
      return 0;
    case 'http':
      await runHttpBench(resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval'))));
      return 0;
    case 'grpc':
      await runGrpcBench(resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval'))));
      return 0;
    case 'chaos':
      await runChaosBench(resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval'))), Number(flag('--jobs', '2000')));
      return 0;
    case 'metrics':
      await runMetricsBench(flag('--sizes', '0,10000,100000').split(',').map(Number), Number(flag('--scrapes', '200')));
      return 0;
    case 'load':
      await runLoadBench({
        setDir: resolve(flag('--set', resolve(REPO_ROOT, '../shared/eval'))),
        outDir,
        workers: Number(flag('--workers', '2')),
        drainSeconds: Number(flag('--drain-seconds', '30')),
        burstSeconds: Number(flag('--burst-seconds', '40')),
        maxQueueDepth: Number(flag('--max-queue-depth', '150')),
        workerNice: Number(flag('--worker-nice', '0')),
      });
      return 0;
    case 'models':
      await runModelsBench();
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
