import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  JOB_DATA_VERSION,
  type OcrJobData,
  PRIORITY_ASYNC,
  PRIORITY_SYNC,
  QUEUE_NAME,
  RedisKeys,
} from '@ocr-pool/contracts';
import { PrivateRedis, ServiceProcess, ensureRedis, redisServerInstalled } from '@ocr-pool/dev';
import { formatTable } from './table.js';
import { benchProgress } from './bench-progress.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';

/**
 * `npm run bench -- metrics [--sizes 0,10000,100000] [--scrapes N]`: how long the gateway's
 * /metrics takes with that many jobs in the queue (issue 5's bar: p50 under 20 ms at 10,000). A
 * real gateway process on a private Redis (so that Redis' command count is ours alone); the queue
 * is filled the way the API fills it (mostly async submissions in the prioritized set, some sync
 * ones, some plain waiting jobs), and /metrics is fetched sequentially, the body read in full.
 */
const WARMUP = 20;

export async function runMetricsBench(sizes: readonly number[], scrapes: number): Promise<void> {
  const redis = redisServerInstalled() ? await PrivateRedis.start() : undefined;
  const handle = redis ? undefined : await ensureRedis(process.env.REDIS_URL);
  const url = redis?.url ?? handle!.url;
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(url);
  const queue = new Queue<OcrJobData>(QUEUE_NAME, { connection, prefix });
  console.log(`# metrics benchmark: GET /metrics of one gateway process, ${scrapes} sequential scrapes per row`);
  console.log(`# ${describeMachine()}; ${redis ? 'private redis-server' : `Redis at ${url} (shared)`}\n`);
  const gateway = await ServiceProcess.start('gateway', {
    REDIS_URL: url,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  const rows: Array<Array<string | number>> = [];
  try {
    let queued = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      await fill(queue, new RedisKeys(prefix), queued, size);
      queued = size;
      const scrape = async (): Promise<string> => {
        const response = await fetch(`${gateway.url}/metrics`);
        if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
        return response.text();
      };
      const reported = queueTotal(await scrape());
      if (reported !== size) throw new Error(`the gauges report ${reported} jobs, the queue holds ${size}`);
      for (let i = 0; i < WARMUP; i++) await scrape();
      const before = redis ? await commandCalls(connection) : undefined;
      const ms: number[] = [];
      for (let i = 0; i < scrapes; i++) {
        const t0 = performance.now();
        await scrape();
        ms.push(performance.now() - t0);
      }
      const perScrape = before ? roundTrips(before, await commandCalls(connection)) / scrapes : undefined;
      const p50 = quantile(ms, 0.5)!;
      rows.push([
        size.toLocaleString('en-US'),
        p50.toFixed(2),
        quantile(ms, 0.95)!.toFixed(2),
        quantile(ms, 0.99)!.toFixed(2),
        Math.max(...ms).toFixed(2),
        perScrape === undefined ? 'n/a' : perScrape.toFixed(2),
        size === 10_000 ? (p50 < 20 ? 'holds (< 20 ms)' : 'MISSED (>= 20 ms)') : '',
      ]);
    }
  } finally {
    await gateway.stop('SIGTERM');
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
    await redis?.destroy();
    await handle?.close();
  }
  console.log(
    formatTable(
      ['jobs in queue', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'Redis round trips/scrape', 'bar at 10,000'],
      rows,
      true,
    ),
  );
}

/** Adds jobs up to `to`, as the API would: 90% async (prioritized), 5% sync, 5% without priority. */
async function fill(queue: Queue<OcrJobData>, keys: RedisKeys, from: number, to: number): Promise<void> {
  const CHUNK = 1000;
  if (to <= from) return;
  const progress = benchProgress(`queueing up to ${to.toLocaleString('en-US')}`, to - from, 'jobs');
  for (let start = from; start < to; start += CHUNK) {
    const jobs = Array.from({ length: Math.min(CHUNK, to - start) }, (_, i) => {
      const n = start + i;
      const id = randomUUID();
      const data: OcrJobData = {
        v: JOB_DATA_VERSION,
        blobKey: keys.blob(id, '0'.repeat(64)),
        options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true },
        tenant: 'bench',
        api: 'v1',
        submittedAt: Date.now(),
        imageBytes: 50_000,
        imageSha256: '0'.repeat(64),
      };
      const priority = n % 20 === 0 ? 0 : n % 20 === 1 ? PRIORITY_SYNC : PRIORITY_ASYNC;
      return { name: 'ocr', data, opts: { jobId: id, ...(priority ? { priority } : {}) } };
    });
    await queue.addBulk(jobs);
    progress.tick(jobs.length);
  }
  progress.finish();
}

function queueTotal(text: string): number {
  return [...text.matchAll(/^ocr_queue_jobs\{state="(?:waiting|prioritized)"\} (\d+)$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

/** Calls per command since the server started (INFO commandstats). */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  return new Map([...info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/**
 * Commands clients sent between two readings: Redis counts the commands a script runs as calls
 * too, so the ones the snapshot script runs inside Redis (and our own INFO) are left out. On this
 * private server nothing else runs those commands.
 */
const INSIDE_SCRIPT = new Set(['llen', 'lindex', 'zrangebyscore', 'zcard', 'hget', 'info']);
function roundTrips(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0;
  for (const [command, calls] of after) if (!INSIDE_SCRIPT.has(command)) sum += calls - (before.get(command) ?? 0);
  return sum;
}
