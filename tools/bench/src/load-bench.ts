import { readdirSync } from 'node:fs';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME, type JobView } from '@ocr-pool/contracts';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { processRssMiB } from '@ocr-pool/dev';
import { benchProgress } from './bench-progress.js';
import { postJob } from './gateway-client.js';
import { sendOnSchedule } from './open-loop.js';

/**
 * `npm run bench -- load`: async submits (`POST /v1/jobs`) from an open-loop client, the way a
 * fleet of apps sends them, to a gateway and two workers with the real engine.
 * 1. Drain rate: a backlog of small images, timed until the two workers have read them all.
 * 2. Sustained submits at that rate: the queue stays short and submit latency is the gateway's own.
 * 3. Twice that rate: the queue grows until MAX_QUEUE_DEPTH, then submits get 429 (never 5xx).
 * 4. After the burst every accepted job must end `completed`, or `failed` with a code.
 * Open loop: requests go out on schedule whether or not earlier ones were answered, so a slow
 * gateway shows up as latency instead of as a lower offered rate.
 */
export interface LoadBenchOptions {
  setDir: string;
  outDir: string;
  workers: number;
  drainSeconds: number;
  burstSeconds: number;
  maxQueueDepth: number;
  /**
   * Niceness of the worker processes (every thread). In a deployment gateways and workers do not
   * share CPUs; on one small machine a positive value stands in for that, so the submit latency
   * measured is the gateway's and not the CPU scheduler's.
   */
  workerNice: number;
}

interface Submit {
  status: number | 'error';
  /** When it was sent (performance.now()), and how long its answer took. */
  at: number;
  ms: number;
  id?: string;
}

interface PhaseReport {
  phase: string;
  offeredPerSecond: number;
  submits: Submit[];
  maxBacklog: number;
  firstRefusalAtBacklog: number | undefined;
}

const BACKLOG_PROBE = 60;

export async function runLoadBench(options: LoadBenchOptions): Promise<void> {
  const set = loadEvalSet(options.setDir);
  const lines = set.entries.filter((e) => e.category === 'en_line');
  if (lines.length === 0) throw new Error(`${set.dir} has no en_line images to submit`);
  const images = await Promise.all(lines.map((e) => readFile(join(set.dir, e.file))));
  console.log(
    `# load benchmark: POST /v1/jobs with ${images.length} small en_line images, ${options.workers} workers (1 inference thread each), MAX_QUEUE_DEPTH ${options.maxQueueDepth}`,
  );
  console.log(
    `# ${describeMachine()}; client, gateway, workers and Redis share this machine; workers at nice ${options.workerNice}\n`,
  );

  const stack = await BenchStack.start(
    options.workers,
    { OCR_INFERENCE_THREADS: '1', LOG_LEVEL: 'warn' },
    { LOG_LEVEL: 'warn', MAX_QUEUE_DEPTH: String(options.maxQueueDepth) },
  );
  const connection = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection, prefix: stack.prefix });
  const backlog = async (): Promise<number> => {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };
  let sent = 0;
  const submit = async (): Promise<Submit> => {
    const i = sent++;
    const t0 = performance.now();
    try {
      const { status, id } = await postJob(
        stack.gateway.url,
        images[i % images.length]!,
        'en',
        `line-${i % images.length}.png`,
      );
      return { status, at: t0, ms: performance.now() - t0, ...(id ? { id } : {}) };
    } catch {
      return { status: 'error', at: t0, ms: performance.now() - t0 };
    }
  };

  try {
    // Inside the try: a renice that fails must still stop the stack.
    if (options.workerNice !== 0) for (const worker of stack.workers) reniceAllThreads(worker.pid!, options.workerNice);
    // 1. The drain rate, from a backlog the workers read as fast as they can (warm-up included).
    await untilEmpty(backlog, 60_000);
    const probe = await Promise.all(Array.from({ length: BACKLOG_PROBE }, submit));
    const t0 = performance.now();
    await untilEmpty(backlog, 300_000);
    const drainRate = Math.max(1, BACKLOG_PROBE / ((performance.now() - t0) / 1000));
    console.log(`drain rate of ${options.workers} workers: ${drainRate.toFixed(1)} jobs/s\n`);

    // 2 and 3. Open-loop submits at the drain rate, then at twice it.
    const phases: PhaseReport[] = [];
    phases.push(await openLoop('drain rate', drainRate, options.drainSeconds, submit, backlog));
    phases.push(await openLoop('2x drain rate', drainRate * 2, options.burstSeconds, submit, backlog));

    // 4. Everything accepted ends.
    const burstEnd = performance.now();
    await untilEmpty(backlog, 900_000);
    const drainedAfterS = (performance.now() - burstEnd) / 1000;
    const accepted = [...probe, ...phases.flatMap((p) => p.submits)].flatMap((s) => (s.id ? [s.id] : []));
    const views = await viewsOf(stack.gateway.url, accepted);
    const completed = views.filter((v) => v?.status === 'completed').length;
    const failed = views.filter((v) => v?.status === 'failed');
    const failedWithoutCode = failed.filter((v) => !v?.error?.code).length;
    const unended = accepted.length - completed - failed.length;

    const rows = phases.map((p) => {
      const count = (pred: (s: Submit) => boolean): number => p.submits.filter(pred).length;
      const ms = p.submits.filter((s) => s.status !== 'error').map((s) => s.ms);
      return [
        p.phase,
        p.offeredPerSecond.toFixed(1),
        p.submits.length,
        count((s) => s.status === 202),
        count((s) => s.status === 429),
        count((s) => typeof s.status === 'number' && s.status >= 500),
        count((s) => s.status === 'error' || (s.status !== 202 && s.status !== 429 && s.status < 500)),
        fmt(quantile(ms, 0.5)),
        fmt(quantile(ms, 0.95)),
        fmt(quantile(ms, 0.99)),
        p.maxBacklog,
        p.firstRefusalAtBacklog ?? '-',
      ];
    });
    console.log(
      formatTable(
        [
          'phase',
          'offered/s',
          'sent',
          '202',
          '429',
          '5xx',
          'other',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max backlog',
          'backlog at 1st 429',
        ],
        rows,
        true,
      ),
    );
    console.log(
      `\naccepted ${accepted.length}: completed ${completed}, failed ${failed.length} (without a code: ${failedWithoutCode}), not ended ${unended}; queue empty ${drainedAfterS.toFixed(1)} s after the burst`,
    );
    if (failed.length) console.log(`failure codes: ${[...new Set(failed.map((f) => f?.error?.code))].join(', ')}`);
    const gatewayRss = processRssMiB(stack.gateway.pid)?.peak;
    console.log(`gateway peak RSS ${gatewayRss?.toFixed(0) ?? '?'} MiB`);

    await mkdir(options.outDir, { recursive: true });
    await writeFile(
      join(options.outDir, 'load.json'),
      JSON.stringify(
        {
          machine: describeMachine(),
          workerNice: options.workerNice,
          drainRate,
          phases: phases.map((p) => ({
            ...p,
            submits: p.submits.map(({ status, at, ms }) => ({ status, at: Math.round(at), ms })),
          })),
          accepted: accepted.length,
          completed,
          failed: failed.length,
          unended,
        },
        null,
        1,
      ),
    );
  } finally {
    await queue.close();
    await connection.quit();
    await stack.stop();
  }
}

async function openLoop(
  phase: string,
  rate: number,
  seconds: number,
  submit: () => Promise<Submit>,
  backlog: () => Promise<number>,
): Promise<PhaseReport> {
  const report: PhaseReport = {
    phase,
    offeredPerSecond: rate,
    submits: [],
    maxBacklog: 0,
    firstRefusalAtBacklog: undefined,
  };
  let sampling = true;
  let lastBacklog = 0;
  const sampler = (async () => {
    while (sampling) {
      lastBacklog = await backlog();
      report.maxBacklog = Math.max(report.maxBacklog, lastBacklog);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const total = Math.round(rate * seconds);
  const progress = benchProgress(phase, total, 'submits');
  await sendOnSchedule(total, rate, () =>
    submit().then((s) => {
      progress.tick();
      report.submits.push(s);
      if (s.status === 429 && report.firstRefusalAtBacklog === undefined) report.firstRefusalAtBacklog = lastBacklog;
    }),
  );
  progress.finish();
  sampling = false;
  await sampler;
  return report;
}

async function untilEmpty(backlog: () => Promise<number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await backlog()) > 0) {
    if (Date.now() > deadline) throw new Error(`the queue was not empty after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function viewsOf(url: string, ids: readonly string[]): Promise<Array<JobView | undefined>> {
  const views: Array<JobView | undefined> = [];
  for (let i = 0; i < ids.length; i += 32) {
    views.push(
      ...(await Promise.all(
        ids.slice(i, i + 32).map(async (id) => {
          const res = await fetch(`${url}/v1/jobs/${id}`);
          return res.ok ? ((await res.json()) as JobView) : undefined;
        }),
      )),
    );
  }
  return views;
}

/** Linux priorities are per thread: the inference and onnxruntime threads must be reniced too. */
function reniceAllThreads(pid: number, nice: number): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '-' : ms.toFixed(1);
}
