import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { status, type ServiceError } from '@grpc/grpc-js';
import { EnvReader, QUEUE_NAME, type OcrClient, type OcrResult, createOcrClient } from '@ocr-pool/contracts';
import { createEngine, readEngineConfig } from '@ocr-pool/ocr-engine';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { benchProgress } from './bench-progress.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { timeInterleaved } from './interleaved.js';
import { readViaHttp } from './gateway-client.js';
import { EncodedFormClient } from './encoded-form-client.js';

/**
 * `npm run bench -- grpc [--set DIR]`: the gRPC API against the engine alone, in one run (issue #4).
 * 1. The engine in this process, one inference thread (as each worker below): the latency of one
 *    small image, and the text of every `en_line` image.
 * 2. A gateway and two one-thread workers as processes on a private prefix of the local Redis:
 *    the small image through the engine, `ExtractText` and HTTP (`fetch`, and the kept-alive
 *    `node:http` client) in turn, one call at a time (overhead = p50 difference); 200
 *    concurrent `ExtractText` calls over the `en_line` images (all must succeed with the engine's
 *    text); and calls with a 50 ms deadline while the workers are busy with large pages (time to
 *    DEADLINE_EXCEEDED, and whether the job is gone from Redis).
 */
const SMALL_RUNS = 60;
const CONCURRENT = 200;
const DEADLINE_CALLS = 10;

export async function runGrpcBench(setDir: string): Promise<void> {
  const set = loadEvalSet(setDir);
  const lines = set.entries.filter((e) => e.category === 'en_line');
  const large = set.entries.filter((e) => e.category === 'large');
  const lineImages = await Promise.all(lines.map((e) => readFile(join(set.dir, e.file))));
  const largeImages = await Promise.all(large.map((e) => readFile(join(set.dir, e.file))));
  const small = lineImages[0]!;
  const env = new EnvReader({ ...process.env, OCR_INFERENCE_THREADS: '1' });
  const config = readEngineConfig(env);
  env.done();
  console.log(`# grpc benchmark: ${lines.length} en_line and ${large.length} large images from ${set.dir}`);
  console.log(`# ${describeMachine()}; engine and each of 2 workers: 1 inference thread\n`);

  const engine = await createEngine(config);
  const read = async (image: Buffer): Promise<string> => {
    const [o] = await engine.recognize([
      { image, options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true } },
    ]);
    if (!o?.ok) throw new Error(o?.error.message);
    return o.result.text;
  };
  const localTexts: string[] = [];
  for (const image of lineImages) localTexts.push(await read(image));

  const stack = await BenchStack.start(2, { OCR_INFERENCE_THREADS: '1', LOG_LEVEL: 'warn' });
  const client = createOcrClient(stack.gateway.grpcAddress!);
  const encoded = new EncodedFormClient(stack.gateway.url, small, 'en');
  const redis = new Redis(stack.redis.url);
  const queue = new Queue(QUEUE_NAME, { connection: redis, prefix: stack.prefix });
  try {
    const extract = (image: Buffer, deadlineMs?: number) =>
      client.extractText(
        { image: { data: image }, options: { language: 'en' } },
        undefined,
        deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
      );
    const post = (): Promise<OcrResult> => readViaHttp(stack.gateway.url, small, 'en');
    // The engine stays loaded: the small image goes through the engine, gRPC and HTTP in turn, so
    // drift of the machine between phases cannot land in the overhead.
    const smallRuns = await timeInterleaved<number | undefined>(
      SMALL_RUNS,
      [
        { name: 'local', call: () => read(small).then(() => undefined) },
        { name: 'grpc', call: () => extract(small).then((r) => r.timings?.total_ms) },
        { name: 'http', call: () => post().then(() => undefined) },
        { name: 'encoded', call: () => encoded.read().then(() => undefined) },
      ],
      'small image, engine in process, gRPC and HTTP in turn',
    );
    const localSmall = smallRuns.get('local')!.ms;
    const remoteSmall = smallRuns.get('grpc')!.ms;
    const httpSmall = smallRuns.get('http')!.ms;
    const encodedSmall = smallRuns.get('encoded')!.ms;
    const overheads = smallRuns.get('grpc')!.results.map((engineMs, i) => remoteSmall[i]! - (engineMs ?? 0));

    const concurrent = benchProgress(`${CONCURRENT} concurrent ExtractText`, CONCURRENT, 'calls');
    const t0 = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, (_, i) =>
        extract(lineImages[i % lineImages.length]!).finally(() => concurrent.tick()),
      ),
    );
    concurrent.finish();
    const concurrentSeconds = (performance.now() - t0) / 1000;
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    const matching = outcomes.filter(
      (o, i) => o.status === 'fulfilled' && o.value.text === localTexts[i % lineImages.length],
    ).length;

    const deadline = await deadlineRuns(client, queue, largeImages, small);

    const p50 = (v: number[]): number => quantile(v, 0.5)!;
    console.log(
      formatTable(
        ['path', 'small image p50 ms', 'p95 ms'],
        [
          ['engine in process', p50(localSmall).toFixed(1), quantile(localSmall, 0.95)!.toFixed(1)],
          ['gRPC ExtractText via Redis + worker', p50(remoteSmall).toFixed(1), quantile(remoteSmall, 0.95)!.toFixed(1)],
          ['HTTP /extract_text via Redis + worker', p50(httpSmall).toFixed(1), quantile(httpSmall, 0.95)!.toFixed(1)],
          [
            '... node:http client, form encoded once',
            p50(encodedSmall).toFixed(1),
            quantile(encodedSmall, 0.95)!.toFixed(1),
          ],
        ],
      ),
    );
    console.log(
      `\nExtractText overhead, small image (${SMALL_RUNS} calls each way, in turn): ${(p50(remoteSmall) - p50(localSmall)).toFixed(1)} ms at p50 against the engine in this process (bar: <= 5 ms)`,
    );
    console.log(
      `  per call, call time minus the engine time the worker measured for it: p50 ${p50(overheads).toFixed(1)} ms, p95 ${quantile(overheads, 0.95)!.toFixed(1)} ms`,
    );
    console.log(
      `  the same stack through HTTP: ${(p50(httpSmall) - p50(localSmall)).toFixed(1)} ms with fetch + FormData, ${(p50(encodedSmall) - p50(localSmall)).toFixed(1)} ms with the node:http client (what gRPC's transport and mapping add is the difference)`,
    );
    console.log(
      `${CONCURRENT} concurrent ExtractText calls, 2 workers: ${succeeded} succeeded, ${matching} with the in-process engine's text, in ${concurrentSeconds.toFixed(1)} s (bar: all)`,
    );
    console.log(
      `${DEADLINE_CALLS} calls with a 50 ms deadline behind ${largeImages.length * 2} large pages: ${deadline.exceeded} DEADLINE_EXCEEDED, ` +
        `returned after p50 ${p50(deadline.returnedMs).toFixed(0)} ms / max ${Math.max(...deadline.returnedMs).toFixed(0)} ms (bar: within 100 ms); ` +
        `jobs left in Redis 100 ms after the deadline: ${deadline.left}`,
    );
  } finally {
    client.close();
    encoded.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
    await stack.stop();
    await engine.close();
  }
}

async function deadlineRuns(
  client: OcrClient,
  queue: Queue,
  largeImages: Buffer[],
  small: Buffer,
): Promise<{ exceeded: number; returnedMs: number[]; left: number }> {
  // Keep both workers busy for the whole measurement: two rounds of the large pages, async.
  for (const image of [...largeImages, ...largeImages]) await client.submitJob({ image: { data: image } });
  while ((await queue.getActiveCount()) < 2) await new Promise((r) => setTimeout(r, 20));
  let exceeded = 0;
  let left = 0;
  const returnedMs: number[] = [];
  for (let i = 0; i < DEADLINE_CALLS; i++) {
    const t0 = performance.now();
    try {
      await client.extractText({ image: { data: small } }, undefined, { deadline: Date.now() + 50 });
    } catch (error) {
      if ((error as ServiceError).code === status.DEADLINE_EXCEEDED) exceeded++;
    }
    returnedMs.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, 150 - (performance.now() - t0))));
    // Sync calls are the only prioritized-at-1 jobs here; the large pages went in async.
    left += (await queue.getPrioritized()).filter((j) => j.opts.priority === 1).length;
  }
  return { exceeded, returnedMs, left };
}
