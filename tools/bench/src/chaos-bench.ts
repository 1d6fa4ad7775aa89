import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME, type JobView } from '@ocr-pool/contracts';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { submitJob } from './gateway-client.js';
import { processRssMiB, type ServiceProcess } from '@ocr-pool/dev';
import { benchProgress } from './bench-progress.js';

/**
 * `npm run bench -- chaos [--jobs N]`: nothing is lost. Submits N small images (default 2,000)
 * through the gateway to two worker processes (one inference thread each), SIGKILLs one worker
 * when 30% are submitted and starts a new one two seconds later, then checks that every accepted
 * job completed exactly once with the same text as every other job of the same image.
 */
export async function runChaosBench(setDir: string, jobs: number): Promise<void> {
  const set = loadEvalSet(setDir);
  const lines = set.entries.filter((e) => e.category === 'en_line');
  const images = await Promise.all(lines.map((e) => readFile(join(set.dir, e.file))));
  const workerEnv = {
    OCR_INFERENCE_THREADS: '1',
    LOCK_DURATION_MS: '5000',
    STALLED_INTERVAL_MS: '2000',
    LOG_LEVEL: 'info',
  };
  console.log(
    `# chaos benchmark: ${jobs} jobs of ${images.length} small images, 2 workers, one SIGKILLed at 30% and restarted`,
  );
  console.log(`# ${describeMachine()}; workers: 1 inference thread each, 5 s job locks\n`);

  const stack = await BenchStack.start(2, workerEnv);
  const workerLogs: ServiceProcess[] = [...stack.workers];
  const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: stack.prefix });
  try {
    const ids: string[] = new Array<string>(jobs);
    let next = 0,
      refused = 0,
      killed = false;
    // One count from the first submit to the last job's end: most jobs end while submits go on.
    const ended = benchProgress('chaos', jobs, 'jobs ended');
    let seen = 0;
    const track = async (): Promise<number> => {
      const c = await queue.getJobCounts('completed', 'failed');
      const now = (c.completed ?? 0) + (c.failed ?? 0);
      if (now > seen) {
        ended.tick(now - seen);
        seen = now;
      }
      return now;
    };
    // A failed count is only a missed progress line; the wait loop below reads the counts again.
    const tracker = setInterval(() => void track().catch(() => undefined), 1000);
    const t0 = performance.now();
    const submitter = async (): Promise<void> => {
      while (next < jobs) {
        const i = next++;
        if (!killed && i >= jobs * 0.3) {
          killed = true;
          const victim = stack.workers[0]!;
          void victim.stop('SIGKILL').then(async () => {
            await new Promise((r) => setTimeout(r, 2000));
            workerLogs.push(await stack.addWorker(workerEnv));
          });
        }
        // The filename names the image: the check below groups texts by it.
        const id = await submitJob(
          stack.gateway.url,
          images[i % images.length]!,
          'en',
          `line-${i % images.length}.png`,
        );
        if (id) ids[i] = id;
        else refused++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, submitter));
    const submitted = (performance.now() - t0) / 1000;
    const accepted = ids.filter(Boolean);
    for (let waited = 0; waited < 600; waited++) {
      if ((await track()) >= accepted.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    clearInterval(tracker);
    ended.finish();
    const wall = (performance.now() - t0) / 1000;

    const views = await Promise.all(
      accepted.map(async (id) => (await (await fetch(`${stack.gateway.url}/v1/jobs/${id}`)).json()) as JobView),
    );
    const completed = views.filter((v) => v.status === 'completed');
    const failed = views.filter((v) => v.status === 'failed');
    const textByImage = new Map<string, Set<string>>();
    for (const v of completed) {
      const key = v.filename ?? '?';
      textByImage.set(key, (textByImage.get(key) ?? new Set()).add(v.result!.text));
    }
    const inconsistent = [...textByImage.values()].filter((texts) => texts.size > 1).length;
    const completions = new Map<string, number>();
    for (const w of workerLogs) {
      for (const line of w.logs) {
        if (!line.includes('"job completed"')) continue;
        const id = (JSON.parse(line) as { jobId: string }).jobId;
        completions.set(id, (completions.get(id) ?? 0) + 1);
      }
    }
    const duplicated = [...completions.values()].filter((n) => n > 1).length;
    const stalled = workerLogs.reduce((n, w) => n + w.logs.filter((line) => line.includes('job stalled')).length, 0);
    const gatewayRss = processRssMiB(stack.gateway.pid)?.peak ?? NaN;
    const workerRss = Math.max(...stack.workers.map((w) => processRssMiB(w.pid)?.peak ?? 0));

    console.log(
      formatTable(
        ['submitted', 'accepted', 'refused', 'completed', 'failed', 'lost', 'completed twice', 'images with 2+ texts'],
        [
          [
            jobs,
            accepted.length,
            refused,
            completed.length,
            failed.length,
            accepted.length - completed.length - failed.length,
            duplicated,
            inconsistent,
          ],
        ],
      ),
    );
    console.log(`\njobs the killed worker held, taken over by the others after its locks lapsed: ${stalled}`);
    console.log(
      `submits took ${submitted.toFixed(1)} s; all jobs ended after ${wall.toFixed(1)} s (${(accepted.length / wall).toFixed(1)} jobs/s)`,
    );
    console.log(
      `peak RSS: gateway ${gatewayRss.toFixed(0)} MiB (bar <= 300), worker ${workerRss.toFixed(0)} MiB (bar <= 1229)`,
    );
    if (failed.length) console.log(`failures: ${[...new Set(failed.map((f) => f.error?.code))].join(', ')}`);
  } finally {
    await queue.close();
    await redis.quit();
    await stack.stop();
  }
}
