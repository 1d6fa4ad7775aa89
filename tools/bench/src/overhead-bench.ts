import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvReader } from '@ocr-pool/contracts';
import { createEngine, readEngineConfig } from '@ocr-pool/ocr-engine';
import { loadEvalSet } from './eval-set.js';
import { formatTable } from './table.js';
import { quantile } from './stats.js';
import { describeMachine } from './machine.js';
import { BenchStack } from './stack.js';
import { benchProgress } from './bench-progress.js';
import { EncodedFormClient } from './encoded-form-client.js';
import { TRACE_DIR_ENV, type WireEvent, installWireStamps } from './trace/wire-stamps.js';
import { type CallWindow, MILESTONES, type Milestone, callTimeline, inProcessEdges } from './trace/request-timeline.js';

/**
 * `npm run bench -- overhead [--calls 200]`: where the queue's overhead goes (issue #3's bar: sync
 * p50 minus the engine's time, small image). The gateway and worker run with a preload that
 * stamps their socket and inference-thread traffic, this process stamps its own, and each of
 * `--calls` requests (the small image through the kept-alive `node:http` client, in turn with a
 * call of the engine in this process) is laid out as a timeline: the p50 time of each milestone
 * and the p50 of each step from the one before. Nothing in the services changes; the preload adds
 * a few microseconds per socket write.
 */
const WARM_UP_ROUNDS = 60;

export async function runOverheadBench(setDir: string, calls: number): Promise<void> {
  const set = loadEvalSet(setDir);
  const entry = set.entries.find((e) => e.category === 'en_line');
  if (!entry) throw new Error(`no en_line image in ${set.dir}`);
  const image = await readFile(join(set.dir, entry.file));
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  console.log(
    `# overhead benchmark: ${entry.file} through POST /extract_text (node:http client) and the engine in this process, ${calls} calls each, in turn`,
  );
  console.log(`# ${describeMachine()}; ${config.threads} inference threads in the worker and in this process\n`);

  const ownEvents = installWireStamps();
  const traceDir = mkdtempSync(join(tmpdir(), 'ocr-overhead-'));
  const preload = new URL('./trace/wire-stamps-preload.js', import.meta.url).href;
  const traced = { NODE_OPTIONS: `--import ${preload}`, [TRACE_DIR_ENV]: traceDir };
  const engine = await createEngine(config);
  const stack = await BenchStack.start(
    1,
    { OCR_INFERENCE_THREADS: String(config.threads), LOG_LEVEL: 'warn', ...traced },
    traced,
  );
  const client = new EncodedFormClient(stack.gateway.url, image, entry.lang);
  const local = async (): Promise<void> => {
    const [outcome] = await engine.recognize([
      { image, options: { language: entry.lang, confidence_threshold: 0.5, use_angle_cls: true } },
    ]);
    if (!outcome?.ok) throw new Error(`${entry.file}: ${outcome?.error.message}`);
  };
  try {
    for (let i = 0; i < WARM_UP_ROUNDS; i++) {
      await local();
      await client.read();
    }
    const [gateway, worker] = [stack.gateway.pid, stack.workers[0]?.pid];
    if (gateway === undefined || worker === undefined) throw new Error('the gateway or worker has no pid');
    const services = { gateway, worker };
    await collect(traceDir, services); // drops the warm-up's events
    ownEvents.length = 0;

    const localCalls: CallWindow[] = [];
    const httpCalls: CallWindow[] = [];
    const progress = benchProgress('overhead', calls, 'rounds');
    for (let round = 0; round < calls; round++) {
      // Alternating which goes first, as the http benchmark does, so drift falls on both alike.
      const order = round % 2 === 0 ? (['local', 'http'] as const) : (['http', 'local'] as const);
      for (const path of order) {
        const start = performance.timeOrigin + performance.now();
        await (path === 'local' ? local() : client.read());
        (path === 'local' ? localCalls : httpCalls).push({ start, end: performance.timeOrigin + performance.now() });
      }
      progress.tick();
    }
    progress.finish();
    const events = { client: [...ownEvents], ...(await collect(traceDir, services)) };
    const redisPort = Number(new URL(stack.redis.url).port || 6379);
    report(
      httpCalls.map((call) => callTimeline(call, events, redisPort)),
      localCalls,
      events.client,
    );
  } finally {
    client.close();
    await stack.stop();
    await engine.close();
    rmSync(traceDir, { recursive: true, force: true });
  }
}

/** Asks each service to write its events (SIGUSR2) and reads them. */
async function collect(
  dir: string,
  pids: { gateway: number; worker: number },
): Promise<{ gateway: WireEvent[]; worker: WireEvent[] }> {
  const files = { gateway: join(dir, `${pids.gateway}.json`), worker: join(dir, `${pids.worker}.json`) };
  for (const file of Object.values(files)) rmSync(file, { force: true });
  process.kill(pids.gateway, 'SIGUSR2');
  process.kill(pids.worker, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (!Object.values(files).every((file) => existsSync(file))) {
    if (Date.now() > deadline) throw new Error(`the services wrote no wire stamps to ${dir} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // A file appears before it is complete: wait until it parses.
  const read = async (file: string): Promise<WireEvent[]> => {
    for (;;) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as WireEvent[];
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  return { gateway: await read(files.gateway), worker: await read(files.worker) };
}

function report(
  timelines: ReadonlyArray<Partial<Record<Milestone, number>>>,
  localCalls: readonly CallWindow[],
  clientEvents: readonly WireEvent[],
): void {
  const p50 = (values: number[]): number => quantile(values, 0.5) ?? NaN;
  const rows = MILESTONES.map((milestone, i) => {
    const at = timelines.map((t) => t[milestone]).filter((v): v is number => v !== undefined);
    // From the latest earlier milestone the call has (the image GET may be absent).
    const step = timelines
      .map((t) => diff(t[milestone], latestBefore(t, i)))
      .filter((v): v is number => v !== undefined);
    return [milestone, at.length, p50(at).toFixed(2), p50(step).toFixed(2)];
  });
  console.log(formatTable(['milestone', 'calls', 'p50 ms since the call began', 'p50 ms since the previous'], rows));

  const httpMs = timelines.map((t) => t['client: call resolved']!);
  const localMs = localCalls.map((c) => c.end - c.start);
  const edges = localCalls.map((c) => inProcessEdges(c, clientEvents)).filter((e) => e !== undefined);
  const engineSpan = (t: Partial<Record<Milestone, number>>): number | undefined =>
    diff(t['worker: last inference thread reply'], t['worker: image posted to an inference thread']);
  const workerSpans = timelines.map(engineSpan).filter((v): v is number => v !== undefined);
  console.log(
    `\nqueue overhead: ${(p50(httpMs) - p50(localMs)).toFixed(2)} ms at p50 (HTTP ${p50(httpMs).toFixed(2)}, engine in this process ${p50(localMs).toFixed(2)}; bar: <= 5 ms)`,
  );
  console.log(
    `engine in this process: ${p50(edges.map((e) => e.toFirstPost)).toFixed(2)} ms from the call to its first inference-thread message, ` +
      `${p50(edges.map((e) => e.onThreads)).toFixed(2)} ms on the threads, ${p50(edges.map((e) => e.afterLastReply)).toFixed(2)} ms from the last reply to the result`,
  );
  console.log(
    `the same in the worker: ${p50(
      timelines
        .map((t) =>
          diff(
            t['worker: image posted to an inference thread'],
            t['worker: image received'] ?? t['worker: job data received'],
          ),
        )
        .filter((v): v is number => v !== undefined),
    ).toFixed(
      2,
    )} ms from the image (or the job, when the image came with it) to its first inference-thread message, ${p50(workerSpans).toFixed(2)} ms on the threads`,
  );
}

/** The time of the call's last milestone before `MILESTONES[index]` (0, the call's start, if none). */
function latestBefore(timeline: Partial<Record<Milestone, number>>, index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    const at = timeline[MILESTONES[i]!];
    if (at !== undefined) return at;
  }
  return 0;
}

function diff(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}
