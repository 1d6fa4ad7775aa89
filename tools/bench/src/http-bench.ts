import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvReader, type OcrResult } from '@ocr-pool/contracts';
import { createEngine, readEngineConfig } from '@ocr-pool/ocr-engine';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { processRssMiB } from '@ocr-pool/dev';
import { benchProgress } from './bench-progress.js';
import { runInFlight } from './in-flight.js';
import { timeInterleaved } from './interleaved.js';
import { readViaHttp } from './gateway-client.js';
import { EncodedFormClient } from './encoded-form-client.js';

/**
 * `npm run bench -- http [--set DIR]`: the service end to end against the engine alone, in one run.
 * 1. The engine in this process: throughput on the set, and the latency of one small image.
 * 2. The stack as real processes (Redis, gateway, one worker with the same engine settings): the
 *    same set through `POST /extract_text`; then the small image through the engine and through
 *    HTTP in turn, one call at a time.
 * Throughput ratio and queue overhead (HTTP p50 minus engine p50) are the issue #3 figures. The
 * small image goes through HTTP with two clients: `fetch` + `FormData` (what an app would write)
 * and a kept-alive `node:http` client with the form encoded once (what a load tool sends), so the
 * client's own share of the overhead shows.
 */
const SMALL_RUNS = 60;

export async function runHttpBench(setDir: string): Promise<void> {
  const set = loadEvalSet(setDir);
  const entries = set.entries.filter((e) => e.lang !== 'ko');
  const images = await Promise.all(entries.map((e) => readFile(join(set.dir, e.file))));
  const small = images[0]!;
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  const inFlight = config.threads * 2;
  console.log(
    `# http benchmark: ${entries.length} images from ${set.dir} (Korean left out: the default pack refuses it)`,
  );
  console.log(`# ${describeMachine()}; ${config.threads} inference threads; ${inFlight} images in flight\n`);

  const engine = await createEngine(config);
  const readLocal = async (i: number): Promise<OcrResult> => {
    const [o] = await engine.recognize([
      { image: images[i]!, options: { language: entries[i]!.lang, confidence_threshold: 0.5, use_angle_cls: true } },
    ]);
    if (!o?.ok) throw new Error(`${entries[i]!.file}: ${o?.error.message}`);
    return o.result;
  };
  await readLocal(0);
  const local = await timedInFlight(entries.length, inFlight, readLocal, 'engine in process');

  // The engine stays loaded while the stack runs: the small image is timed through both paths in
  // alternation, so drift of the machine between phases cannot land in the overhead.
  const stack = await BenchStack.start(1, { OCR_INFERENCE_THREADS: String(config.threads), LOG_LEVEL: 'warn' });
  const encoded = new EncodedFormClient(stack.gateway.url, small, 'en');
  try {
    const post = (bytes: Buffer, language: string): Promise<OcrResult> =>
      readViaHttp(stack.gateway.url, bytes, language);
    await post(small, 'en');
    const remote = await timedInFlight(entries.length, inFlight, (i) => post(images[i]!, entries[i]!.lang), 'HTTP');
    const smallRuns = await timeInterleaved(
      SMALL_RUNS,
      [
        { name: 'local', call: () => readLocal(0) },
        { name: 'http', call: () => post(small, 'en') },
        { name: 'encoded', call: () => encoded.read() },
      ],
      'small image, engine in process and HTTP in turn',
    );
    const localSmall = smallRuns.get('local')!.ms;
    const remoteSmall = smallRuns.get('http')!.ms;
    const encodedSmall = smallRuns.get('encoded')!.ms;
    const same = remote.results.filter((r, i) => r.text === local.results[i]!.text).length;
    const gatewayRss = processRssMiB(stack.gateway.pid);
    const workerRss = processRssMiB(stack.workers[0]!.pid);

    const localRate = entries.length / local.seconds,
      remoteRate = entries.length / remote.seconds;
    const p50 = (v: number[]): number => quantile(v, 0.5)!;
    console.log(
      formatTable(
        ['path', 'images/s', 'small image p50 ms', 'small image p95 ms'],
        [
          [
            'engine in process',
            localRate.toFixed(2),
            p50(localSmall).toFixed(1),
            quantile(localSmall, 0.95)!.toFixed(1),
          ],
          [
            'HTTP /extract_text via Redis + worker',
            remoteRate.toFixed(2),
            p50(remoteSmall).toFixed(1),
            quantile(remoteSmall, 0.95)!.toFixed(1),
          ],
          [
            '... node:http client, form encoded once',
            '',
            p50(encodedSmall).toFixed(1),
            quantile(encodedSmall, 0.95)!.toFixed(1),
          ],
        ],
      ),
    );
    console.log(
      `\nend-to-end throughput: ${((remoteRate / localRate) * 100).toFixed(1)}% of the engine's in-process throughput (bar: >= 90%)`,
    );
    for (const [name, label] of [
      ['http', 'fetch + FormData'],
      ['encoded', 'node:http, form encoded once'],
    ] as const) {
      const { ms, results } = smallRuns.get(name)!;
      // What each request cost beyond the engine's own time for it, as the worker measured it.
      const overheads = results.map((r, i) => ms[i]! - r.timings_ms.total);
      console.log(
        `queue overhead, small image, ${label} (${SMALL_RUNS} calls each way, in turn): ${(p50(ms) - p50(localSmall)).toFixed(1)} ms at p50 against the engine in this process (bar: <= 5 ms)`,
      );
      console.log(
        `  per request, HTTP time minus the engine time the worker measured for it: p50 ${p50(overheads).toFixed(1)} ms, p95 ${quantile(overheads, 0.95)!.toFixed(1)} ms`,
      );
    }
    console.log(`same text as in process: ${same}/${entries.length} images`);
    console.log(`peak RSS: gateway ${gatewayRss?.peak.toFixed(0)} MiB, worker ${workerRss?.peak.toFixed(0)} MiB`);
  } finally {
    encoded.close();
    await stack.stop();
    await engine.close();
  }
}

async function timedInFlight<T>(
  count: number,
  inFlight: number,
  run: (i: number) => Promise<T>,
  label: string,
): Promise<{ results: T[]; seconds: number }> {
  const progress = benchProgress(label, count);
  const timed = await runInFlight(count, inFlight, run, () => progress.tick());
  progress.finish();
  return timed;
}
