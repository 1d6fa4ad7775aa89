import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import {
  bundledPack,
  cpuInt8Support,
  int8WeightBits,
  optimiseModel,
  quantiseWithCalibration,
} from '@ocr-pool/ocr-engine';
import { formatTable } from './table.js';
import { medianRunMs } from './session-timing.js';
import { describeMachine } from './machine.js';

/**
 * `npm run bench -- models`: the bundled models' pure `session.run` time on one thread, as
 * exported and after the engine's exact graph rewrites, at the input sizes the pipeline uses, and
 * the recogniser in int8 (its shipped calibration) beside them. This is the floor the pipeline's
 * per-image time is measured against.
 */
const SHAPES: ReadonlyArray<{ model: 'det' | 'rec' | 'cls'; dims: number[]; label: string }> = [
  { model: 'det', dims: [1, 3, 576, 704], label: 'det 704x576 (a receipt)' },
  { model: 'det', dims: [1, 3, 416, 1248], label: 'det 1248x416 (a large-page strip)' },
  { model: 'rec', dims: [1, 3, 48, 320], label: 'rec 48x320 (a short line)' },
  { model: 'rec', dims: [1, 3, 48, 1600], label: 'rec 48x1600 (a long line)' },
  { model: 'cls', dims: [1, 3, 48, 192], label: 'cls 48x192' },
];

function timeRuns(bytes: Uint8Array, dims: number[], runs: number): Promise<number> {
  const input = new ort.Tensor(
    'float32',
    Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)),
    dims,
  );
  return medianRunMs(bytes, input, { runs });
}

export async function runModelsBench(runs = 15): Promise<void> {
  const pack = bundledPack();
  const files = { det: pack.det, rec: pack.rec, cls: pack.cls };
  console.log(`# model benchmark: median of ${runs} session.run calls, 1 onnxruntime thread`);
  console.log(`# ${describeMachine()}\n`);
  // Each model's three forms are built once, not per input shape.
  const forms = new Map<'det' | 'rec' | 'cls', { original: Uint8Array; rewritten: Uint8Array; int8?: Uint8Array }>();
  const formsOf = (model: 'det' | 'rec' | 'cls') => {
    let built = forms.get(model);
    if (!built) {
      const original = readFileSync(files[model]);
      const rewritten = optimiseModel(original).bytes;
      const calibration = model === 'rec' ? pack.recCalibration : undefined;
      const int8 = calibration
        ? quantiseWithCalibration(rewritten, calibration, int8WeightBits(cpuInt8Support())).bytes
        : undefined;
      built = { original, rewritten, ...(int8 ? { int8 } : {}) };
      forms.set(model, built);
    }
    return built;
  };
  const rows: Array<Array<string | number>> = [];
  for (const { model, dims, label } of SHAPES) {
    const { original, rewritten, int8 } = formsOf(model);
    const a = await timeRuns(original, dims, runs);
    const b = await timeRuns(rewritten, dims, runs);
    const c = int8 ? await timeRuns(int8, dims, runs) : undefined;
    rows.push([label, a.toFixed(1), b.toFixed(1), `${((1 - b / a) * 100).toFixed(0)}%`, c?.toFixed(1) ?? '']);
  }
  console.log(formatTable(['input', 'exported ms', 'rewritten ms', 'saved', 'int8 ms'], rows));
}
