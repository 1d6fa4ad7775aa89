import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { benchProgress } from './bench-progress.js';
import { extractText } from './gateway-client.js';
import { lineChart } from './charts/line-chart.js';
import { writeChart } from './chart-files.js';
import { sendOnSchedule } from './open-loop.js';

/**
 * `npm run bench -- latency [--rates 5,10,20,40] [--seconds 10]`: end-to-end latency of `POST
 * /extract_text` against offered load, through the real stack (gateway, `--workers` worker
 * processes with the default engine settings, Redis). Open loop: at each rate, requests start on
 * a fixed schedule whether or not earlier ones returned, as independent clients would send them,
 * and each latency counts from its scheduled start, so a slow client loop cannot hide queueing
 * (no coordinated omission). Levels run one after another, each drained before the next.
 */
export interface LatencyBenchOptions {
  setDir: string;
  rates: number[];
  seconds: number;
  workers: number;
  /** Evaluation-set category whose images are sent, in turn (default the small `en_line` ones). */
  category: string;
  chartDir: string;
}

interface Level {
  rate: number;
  sent: number;
  ok: number;
  /** Completed requests per second, first scheduled start to last response. */
  achieved: number;
  ms: number[];
  statuses: Map<number, number>;
}

export async function runLatencyBench(options: LatencyBenchOptions): Promise<void> {
  const set = loadEvalSet(options.setDir);
  const entries = set.entries.filter((e) => e.category === options.category);
  if (!entries.length) throw new Error(`no images of category "${options.category}" in ${set.dir}`);
  const images = await Promise.all(entries.map((e) => readFile(join(set.dir, e.file))));
  const counts = options.rates.map((r) => Math.max(20, Math.round(r * options.seconds)));
  console.log(
    `# latency benchmark: POST /extract_text at ${options.rates.join(', ')} requests/s for ${options.seconds} s each ` +
      `(at least 20 requests), the ${entries.length} ${options.category} images in turn, ${options.workers} worker(s)`,
  );
  console.log(`# ${describeMachine()}\n`);
  const progress = benchProgress(
    'latency',
    counts.reduce((a, b) => a + b, 0),
    'requests',
  );

  const stack = await BenchStack.start(options.workers, { LOG_LEVEL: 'warn' });
  const levels: Level[] = [];
  try {
    for (let i = 0; i < 8; i++) await extractText(stack.gateway.url, images[i % images.length]!, entries[0]!.lang);
    for (const [r, rate] of options.rates.entries()) {
      const count = counts[r]!;
      const ms: number[] = [];
      const statuses = new Map<number, number>();
      let lastEnd = 0;
      const { startedAt: t0 } = await sendOnSchedule(count, rate, (i, scheduled) => {
        const k = i % entries.length;
        return extractText(stack.gateway.url, images[k]!, entries[k]!.lang, entries[k]!.file).then(
          ({ status }) => {
            const end = performance.now();
            lastEnd = Math.max(lastEnd, end);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 200) ms.push(end - scheduled);
            progress.tick();
          },
          () => {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
            progress.tick();
          },
        );
      });
      lastEnd = Math.max(lastEnd, t0);
      levels.push({ rate, sent: count, ok: ms.length, achieved: ms.length / ((lastEnd - t0) / 1000), ms, statuses });
      // Let the workers' queues and the sockets settle before the next level.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    await stack.stop();
  }
  progress.finish();

  const q = (l: Level, p: number): number => quantile(l.ms, p) ?? NaN;
  console.log(
    formatTable(
      ['offered req/s', 'sent', 'ok', 'achieved req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'other statuses'],
      levels.map((l) => [
        l.rate,
        l.sent,
        l.ok,
        l.achieved.toFixed(1),
        q(l, 0.5).toFixed(0),
        q(l, 0.95).toFixed(0),
        q(l, 0.99).toFixed(0),
        q(l, 1).toFixed(0),
        [...l.statuses]
          .filter(([s]) => s !== 200)
          .map(([s, n]) => `${s || 'error'} x${n}`)
          .join(', ') || '-',
      ]),
    ),
  );
  const series = (
    [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ] as const
  ).map(([name, p]) => ({ name, points: levels.map((l) => [l.rate, q(l, p)] as const) }));
  const chart = lineChart({
    title: 'Latency of POST /extract_text against offered load',
    xLabel: `offered load, requests/s (open loop; ${options.category} images, ${options.workers} worker${options.workers > 1 ? 's' : ''})`,
    yLabel: 'latency, ms (log scale)',
    xTicks: options.rates,
    yScale: 'log',
    series,
    width: 760,
  });
  console.log(`\nchart: ${await writeChart(options.chartDir, 'latency-vs-load', chart)}`);
}
