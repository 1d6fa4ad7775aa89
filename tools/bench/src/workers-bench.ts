import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { benchProgress } from './bench-progress.js';
import { runInFlight } from './in-flight.js';
import { extractText, submitJob } from './gateway-client.js';
import { lineChart } from './charts/line-chart.js';
import { writeChart } from './chart-files.js';

/**
 * `npm run bench -- workers [--counts 1,2,3,4]`: drained throughput of the real stack (a gateway
 * and N worker processes on a private prefix of Redis) against N. For each N the evaluation set's
 * PP-OCR images are queued through `POST /v1/jobs` as fast as the gateway takes them, and the
 * figure is jobs ended / seconds from the first submit to the last job's end. Each worker gets
 * `--threads` inference threads (default 1), so N is also the number of inference threads.
 */
export interface WorkersBenchOptions {
  setDir: string;
  counts: number[];
  threads: number;
  /** How many times the set is queued per N. */
  rounds: number;
  chartDir: string;
}

interface Drain {
  workers: number;
  jobs: number;
  failed: number;
  refused: number;
  seconds: number;
}

const SUBMITTERS = 8;

export async function runWorkersBench(options: WorkersBenchOptions): Promise<void> {
  const set = loadEvalSet(options.setDir);
  const entries = set.entries.filter((e) => e.lang !== 'ko');
  const images = await Promise.all(entries.map((e) => readFile(join(set.dir, e.file))));
  const jobs = entries.length * options.rounds;
  console.log(
    `# workers benchmark: ${jobs} jobs (${entries.length} images of ${set.dir} x ${options.rounds}) per worker count, ` +
      `${options.threads} inference thread(s) per worker`,
  );
  console.log(`# ${describeMachine()}\n`);
  const progress = benchProgress('workers', jobs * options.counts.length, 'jobs');

  const drains: Drain[] = [];
  for (const workers of options.counts) {
    const stack = await BenchStack.start(workers, {
      OCR_INFERENCE_THREADS: String(options.threads),
      LOG_LEVEL: 'warn',
    });
    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: stack.prefix });
    try {
      // First requests pay one-off costs (connections, first allocations): not part of the figure.
      await runInFlight(workers * 2, workers * 2, () => extractText(stack.gateway.url, images[0]!, entries[0]!.lang));
      const base = await ended(queue);
      let refused = 0;
      let seen = 0;
      const t0 = performance.now();
      const submitting = runInFlight(jobs, SUBMITTERS, async (i) => {
        const k = i % entries.length;
        if ((await submitJob(stack.gateway.url, images[k]!, entries[k]!.lang, entries[k]!.file)) === undefined)
          refused++;
      });
      let done = false;
      // Handled here too: a rejected submit must not end the process before `finally` stops the stack.
      void submitting.then(
        () => (done = true),
        () => (done = true),
      );
      let last = base;
      // Polled every 100 ms: under 1% of a drain that takes tens of seconds.
      while (!done || last.total - base.total < jobs - refused) {
        await new Promise((r) => setTimeout(r, 100));
        last = await ended(queue);
        const now = last.total - base.total;
        if (now > seen) {
          progress.tick(now - seen);
          seen = now;
        }
        if (performance.now() - t0 > 900_000)
          throw new Error(`${workers} workers: jobs still running after 15 minutes`);
      }
      await submitting;
      drains.push({
        workers,
        jobs: jobs - refused,
        failed: last.failed - base.failed,
        refused,
        seconds: (performance.now() - t0) / 1000,
      });
    } finally {
      await queue.close();
      await redis.quit();
      await stack.stop();
    }
  }
  progress.finish();

  const one = drains.find((d) => d.workers === Math.min(...options.counts))!;
  const rate = (d: Drain): number => d.jobs / d.seconds;
  console.log(
    formatTable(
      [
        'workers',
        'inference threads',
        'jobs',
        'seconds',
        'images/s',
        `x ${one.workers} worker(s)`,
        'failed',
        'refused',
      ],
      drains.map((d) => [
        d.workers,
        d.workers * options.threads,
        d.jobs,
        d.seconds.toFixed(1),
        rate(d).toFixed(2),
        (rate(d) / rate(one)).toFixed(2),
        d.failed,
        d.refused,
      ]),
    ),
  );
  const chart = lineChart({
    title: 'Drained throughput against worker processes',
    xLabel: `worker processes (${options.threads} inference thread${options.threads > 1 ? 's' : ''} each)`,
    yLabel: 'images/s',
    xTicks: options.counts,
    series: [
      { name: 'measured', points: drains.map((d) => [d.workers, rate(d)] as const) },
      {
        name: `linear from ${one.workers} worker${one.workers > 1 ? 's' : ''}`,
        points: drains.map((d) => [d.workers, (rate(one) * d.workers) / one.workers] as const),
        dashed: true,
      },
    ],
  });
  console.log(`\nchart: ${await writeChart(options.chartDir, 'workers-throughput', chart)}`);
}

async function ended(queue: Queue): Promise<{ total: number; failed: number }> {
  const c = await queue.getJobCounts('completed', 'failed');
  return { total: (c.completed ?? 0) + (c.failed ?? 0), failed: c.failed ?? 0 };
}
