import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { EnvReader } from '@ocr-pool/contracts';
import {
  bundledPack,
  cpuInt8Support,
  createEngine,
  int8WeightBits,
  optimiseModel,
  quantiseWithCalibration,
  readEngineConfig,
  type OcrEngine,
} from '@ocr-pool/ocr-engine';
import { formatTable } from './table.js';
import { describeMachine } from './machine.js';
import { medianRunMs } from './session-timing.js';
import { cer, scorePage, type PageScore } from './cer.js';
import { HELD_OUT_SEEDS, pageMakers, warnIfFontsMissing } from './synthetic-pages.js';
import { benchProgress } from './bench-progress.js';

/**
 * `npm run bench -- int8 [--pages 100] [--hard-pages 80]`: the int8 recogniser (the bundled
 * calibration) against float, on this CPU.
 * 1. `session.run` time at a short and a long line, engine session settings, both models in turn.
 * 2. The whole engine in this process, one page at a time, float and int8 in turn on each page:
 *    page CER per kind against the rendered truth and the summed time, on synthetic pages drawn
 *    from seeds the calibration never saw (general kinds, and the degraded kind at its worst).
 * The evaluation set is read with `OCR_REC_PRECISION=fp32|int8 npm run bench -- engine`.
 */
const SHAPES = [
  [1, 3, 48, 320],
  [1, 3, 48, 1600],
] as const;

export async function runInt8Bench({ pages, hardPages }: { pages: number; hardPages: number }): Promise<void> {
  const support = cpuInt8Support();
  console.log(`# int8 recogniser against float: ${pages} synthetic pages, ${hardPages} hard degraded ones`);
  console.log(`# ${describeMachine()}; ${support.detail}: ${int8WeightBits(support)}-bit weights\n`);
  const makers = pageMakers(pages, hardPages, HELD_OUT_SEEDS);
  warnIfFontsMissing();

  const pack = bundledPack();
  const calibration = pack.recCalibration;
  if (!calibration) throw new Error('the bundled pack has no int8 calibration (npm run bench -- calibrate)');
  const floatBytes = optimiseModel(readFileSync(pack.rec)).bytes;
  const int8Bytes = quantiseWithCalibration(floatBytes, calibration, int8WeightBits(support)).bytes;
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    enableMemPattern: false,
  };
  const modelRows = [];
  for (const dims of SHAPES) {
    const n = dims.reduce<number>((a, b) => a * b, 1);
    const input = new ort.Tensor(
      'float32',
      Float32Array.from({ length: n }, (_, i) => Math.sin(i)),
      [...dims],
    );
    const fp32 = await medianRunMs(floatBytes, input, { runs: 15, options: sessionOptions });
    const int8 = await medianRunMs(int8Bytes, input, { runs: 15, options: sessionOptions });
    modelRows.push([`rec ${dims[2]}x${dims[3]}`, fp32.toFixed(1), int8.toFixed(1), `${(fp32 / int8).toFixed(2)}x`]);
  }
  console.log(formatTable(['input', 'fp32 ms', 'int8 ms', 'fp32 / int8'], modelRows));

  const engineFor = (precision: string): Promise<OcrEngine> => {
    const env = new EnvReader({ OCR_REC_PRECISION: precision, OCR_TESSERACT: 'off' });
    return createEngine(readEngineConfig(env), { inProcess: true });
  };
  const engines = { fp32: await engineFor('fp32'), int8: await engineFor('int8') };
  const scores = new Map<string, { fp32: PageScore[]; int8: PageScore[] }>();
  const ms = { fp32: 0, int8: 0 };
  const progress = benchProgress('pages', makers.length, 'pages');
  try {
    for (const [i, make] of makers.entries()) {
      const page = await make();
      const entry = scores.get(page.kind) ?? { fp32: [], int8: [] };
      scores.set(page.kind, entry);
      // Alternate which goes first, so the machine's drift falls on both alike.
      const order = i % 2 === 0 ? (['fp32', 'int8'] as const) : (['int8', 'fp32'] as const);
      for (const precision of order) {
        const t0 = performance.now();
        const [outcome] = await engines[precision].recognize([
          { image: page.bytes, options: { language: page.language, confidence_threshold: 0, use_angle_cls: true } },
        ]);
        ms[precision] += performance.now() - t0;
        entry[precision].push(scorePage(outcome?.ok ? outcome.result.lines : [], page.truth));
      }
      progress.tick();
    }
  } finally {
    progress.finish();
    await Promise.all([engines.fp32.close(), engines.int8.close()]);
  }
  const rows = [...scores]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, s]) => {
      const [fp32, int8] = [cer(s.fp32), cer(s.int8)];
      return [
        kind,
        s.fp32.length,
        fp32.cer.toFixed(4),
        int8.cer.toFixed(4),
        fp32.cerNoSpace.toFixed(4),
        int8.cerNoSpace.toFixed(4),
      ];
    });
  console.log(`\n${formatTable(['kind', 'pages', 'CER fp32', 'CER int8', 'no-space fp32', 'no-space int8'], rows)}`);
  console.log(
    `\nengine time, all pages: fp32 ${(ms.fp32 / 1000).toFixed(1)} s, int8 ${(ms.int8 / 1000).toFixed(1)} s (${(ms.fp32 / ms.int8).toFixed(2)}x)`,
  );
}
