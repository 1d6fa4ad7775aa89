import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvReader } from '@ocr-pool/contracts';
import { type InferenceUsage, createEngine, readEngineConfig } from '@ocr-pool/ocr-engine';
import { loadEvalSet, type EvalEntry } from './eval-set.js';
import { cer, scorePage } from './cer.js';
import { formatTable } from './table.js';
import { peakRssMiB, quantile } from './stats.js';
import { PEERS } from './peers.js';
import { describeMachine } from './machine.js';
import { tesseractAlone, tesseractName } from './tesseract-alone.js';
import { benchProgress } from './bench-progress.js';
import { barChart } from './charts/bar-chart.js';
import { writeChart } from './chart-files.js';
import { runInFlight } from './in-flight.js';

/**
 * `npm run bench -- engine [--set DIR]`: the engine alone, in this process, on an evaluation
 * set. Two passes over the set: one image at a time (latency of an idle engine: what one caller
 * waits), then with enough images in flight to keep every inference thread busy (throughput).
 * Accuracy is scored on the second pass with the scorer's definitions (cer.ts).
 */
export interface EngineBenchOptions {
  setDir: string;
  outDir: string;
  /** Where the CER chart goes (docs/bench, beside BENCHMARKS.md). */
  chartDir: string;
}

interface ImageRun {
  entry: EvalEntry;
  ms: number;
  lines: string[];
  error?: string;
  engine?: string;
}

export async function runEngineBench(options: EngineBenchOptions): Promise<void> {
  const set = loadEvalSet(options.setDir);
  const env = new EnvReader(process.env);
  const config = readEngineConfig(env);
  env.done();
  const images = await Promise.all(set.entries.map((e) => readFile(join(set.dir, e.file))));
  const engine = await createEngine(config, { onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
  const readOne = async (i: number): Promise<ImageRun> => {
    const entry = set.entries[i]!;
    const t0 = performance.now();
    const [outcome] = await engine.recognize([
      { image: images[i]!, options: { language: entry.lang, confidence_threshold: 0.5, use_angle_cls: true } },
    ]);
    const ms = performance.now() - t0;
    return outcome!.ok
      ? {
          entry,
          ms,
          lines: outcome!.result.lines,
          engine: `${outcome!.result.model.engine}:${outcome!.result.model.name}`,
        }
      : { entry, ms, lines: [], error: outcome!.error.code };
  };

  console.log(`# engine benchmark: ${set.entries.length} images from ${set.dir}`);
  console.log(`# ${describeMachine()}`);
  console.log(
    `# engine ${config.engine}, device ${config.device}, ${config.threads} inference threads x ${config.intraOpThreads} onnxruntime threads`,
  );
  for (const choice of engine.recognisers?.() ?? []) {
    console.log(`# recogniser ${choice.pack}: ${choice.precision} (${choice.reason})`);
  }
  console.log('');
  await readOne(0); // warm-up: first-call allocations are not part of any figure

  const sequential: ImageRun[] = [];
  const usageAtStart = engine.usage?.();
  const latencyStarted = performance.now();
  const latencyProgress = benchProgress('latency pass', set.entries.length);
  for (let i = 0; i < set.entries.length; i++) {
    sequential.push(await readOne(i));
    latencyProgress.tick();
  }
  latencyProgress.finish();
  const latencySeconds = (performance.now() - latencyStarted) / 1000;
  const usageAfterLatency = engine.usage?.();
  const inFlight = config.threads + 1;
  const throughputProgress = benchProgress('throughput pass', set.entries.length);
  const concurrent = await runInFlight(set.entries.length, inFlight, readOne, () => throughputProgress.tick());
  throughputProgress.finish();
  const wall = concurrent.seconds;
  const usageAfterThroughput = engine.usage?.();
  const peak = peakRssMiB();

  // Categories read by tesseract: ours against tesseract alone, same images, same run, both cores.
  const tesseractRows: Array<Array<string | number>> = [];
  for (const category of [
    ...new Set(concurrent.results.filter((r) => r.engine?.startsWith('tesseract')).map((r) => r.entry.category)),
  ]) {
    const indices = set.entries.flatMap((e, i) => (e.category === category ? [i] : []));
    const lang = tesseractName(set.entries[indices[0]!]!.lang);
    if (!lang) continue;
    const ours = await runInFlight(indices.length, inFlight, (k) => readOne(indices[k]!));
    const alone = await tesseractAlone(
      set.dir,
      indices.map((i) => set.entries[i]!.file),
      lang,
      config.threads,
    );
    const oursCer = cer(ours.results.map((r) => scorePage(r.lines, r.entry.lines))).cer;
    const aloneCer = cer(alone.lines.map((lines, k) => scorePage(lines, set.entries[indices[k]!]!.lines))).cer;
    tesseractRows.push([
      category,
      'ocr-pool (detector + tesseract)',
      oursCer.toFixed(4),
      (indices.length / ours.seconds).toFixed(2),
    ]);
    tesseractRows.push([
      category,
      `tesseract alone (-l ${lang} --psm 6)`,
      aloneCer.toFixed(4),
      (indices.length / alone.seconds).toFixed(2),
    ]);
  }
  await engine.close();

  const categories = [...new Set(set.entries.map((e) => e.category))];
  const categoryCer = new Map<string, number>();
  const rows = categories.map((category) => {
    const runs = concurrent.results.filter((r) => r.entry.category === category);
    const latency = sequential.filter((r) => r.entry.category === category).map((r) => r.ms);
    const scores = runs.map((r) => scorePage(r.lines, r.entry.lines));
    const { cer: c, cerNoSpace } = cer(scores);
    categoryCer.set(category, c);
    const routed = [...new Set(runs.map((r) => r.engine ?? r.error ?? '?'))].join(',');
    return [
      category,
      runs.length,
      routed,
      c.toFixed(4),
      cerNoSpace.toFixed(4),
      fmt(quantile(latency, 0.5)),
      fmt(quantile(latency, 0.95)),
      fmt(quantile(latency, 1)),
    ];
  });
  const all = concurrent.results.map((r) => scorePage(r.lines, r.entry.lines));
  const overall = cer(all);
  const latencyAll = sequential.map((r) => r.ms);
  const ok = concurrent.results.filter((r) => !r.error).length;
  rows.push([
    'OVERALL',
    set.entries.length,
    '',
    overall.cer.toFixed(4),
    overall.cerNoSpace.toFixed(4),
    fmt(quantile(latencyAll, 0.5)),
    fmt(quantile(latencyAll, 0.95)),
    fmt(quantile(latencyAll, 1)),
  ]);

  const head = ['category', 'n', 'read by', 'CER', 'CER-nows', 'p50 ms', 'p95 ms', 'max ms'];
  console.log(formatTable(head, rows));
  console.log(
    `\nthroughput: ${set.entries.length} images in ${wall.toFixed(1)} s = ${(set.entries.length / wall).toFixed(2)} images/s ` +
      `(${ok} read, ${set.entries.length - ok} refused; ${inFlight} in flight)`,
  );
  console.log(`peak RSS: ${peak.toFixed(0)} MiB`);
  const usageRows = [
    usageRow('latency (1 in flight)', usageAtStart, usageAfterLatency, latencySeconds),
    usageRow(`throughput (${inFlight} in flight)`, usageAfterLatency, usageAfterThroughput, wall),
  ].flatMap((row) => (row ? [row] : []));
  if (usageRows.length) {
    console.log('\ninference threads (tesseract runs in its own processes, outside these figures):');
    console.log(formatTable(['pass', 'threads busy', 'model runs, share of busy time'], usageRows));
  }
  const failures = concurrent.results.filter((r) => r.error);
  if (failures.length)
    console.log(`refused: ${[...new Set(failures.map((r) => `${r.entry.category} (${r.error})`))].join(', ')}`);

  if (tesseractRows.length) {
    console.log('\nlanguages read by tesseract, against tesseract alone in this run:');
    console.log(formatTable(['category', 'engine', 'CER', 'images/s'], tesseractRows));
  }
  console.log('\npeers on the same set (page CER, from ../shared/eval/README.md):');
  const peerRows = [
    ['ocr-pool (this run)', ...categories.map((c) => categoryCer.get(c)!.toFixed(4)), overall.cer.toFixed(4)],
    ...PEERS.map((p) => [
      p.engine,
      ...categories.map((c) => p.cer[c]?.toFixed(3) ?? '-'),
      p.cer.overall?.toFixed(3) ?? '-',
    ]),
  ];
  console.log(formatTable(['engine', ...categories, 'overall'], peerRows));

  const chartCategories = [...categories, 'overall'];
  const ours = [...categories.map((c) => categoryCer.get(c)!), overall.cer];
  const chart = barChart({
    title: 'Page CER per category against the peers (lower is better)',
    xLabel: `category (${set.entries.length} images of ${set.dir.split('/').slice(-2).join('/')})`,
    yLabel: 'page CER',
    categories: chartCategories,
    series: [
      { name: 'ocr-pool (this run)', values: ours },
      ...PEERS.map((p) => ({ name: p.engine, values: chartCategories.map((c) => p.cer[c]) })),
    ],
  });
  console.log(`\nchart: ${await writeChart(options.chartDir, 'cer-by-category', chart)}`);

  await mkdir(options.outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const predictions = concurrent.results.map((r) =>
    JSON.stringify({ file: r.entry.file, lines: r.lines, ms: sequential.find((s) => s.entry === r.entry)?.ms }),
  );
  await writeFile(join(options.outDir, `engine-${stamp}.jsonl`), `${predictions.join('\n')}\n`);
  await writeFile(
    join(options.outDir, `engine-${stamp}.md`),
    `${formatTable(head, rows, true)}\n\nthroughput ${(set.entries.length / wall).toFixed(2)} images/s, peak RSS ${peak.toFixed(0)} MiB\n`,
  );
  console.log(`\npredictions (score.mjs format) and table written to ${options.outDir}/engine-${stamp}.*`);
}

const fmt = (v: number | undefined): string => (v === undefined ? '-' : v.toFixed(0));

/** How busy the inference threads were over a pass, and how much of that was onnxruntime itself. */
function usageRow(
  pass: string,
  start: InferenceUsage | undefined,
  end: InferenceUsage | undefined,
  seconds: number,
): string[] | undefined {
  if (!start || !end) return undefined;
  const busy = end.busySeconds - start.busySeconds;
  const model = end.modelSeconds - start.modelSeconds;
  const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(0)}%`;
  return [pass, percent(busy, seconds * end.threads), percent(model, busy)];
}
