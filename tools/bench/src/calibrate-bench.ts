import { readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { EnvReader } from '@ocr-pool/contracts';
import {
  ActivationExtent,
  ActivationHistogram,
  DEFAULT_TAIL_SHARE,
  OnnxGraph,
  QUANTISATION_SCHEME,
  cpuInt8Support,
  createEngine,
  defaultFirstInt8Conv,
  fileSha256,
  loadPacks,
  optimiseModel,
  readInt8Calibration,
  calibrationProblem,
  type ModelPack,
  quantiseRecogniser,
  readEngineConfig,
  tensorsToCalibrate,
  type Int8Calibration,
  type WeightBits,
} from '@ocr-pool/ocr-engine';
import { CALIBRATION_SEEDS, type SyntheticPage, pageMakers, warnIfFontsMissing } from './synthetic-pages.js';
import { benchProgress } from './bench-progress.js';

/**
 * `npm run bench -- calibrate [--pages 160] [--hard-pages 40] [--every 4] [--weight-bits 8,7]
 * [--pack DIR] [--out FILE]`: measures the activation ranges the int8 recogniser is built with.
 * Synthetic pages (never the evaluation set) go through the engine's own detector and line
 * cutter, so the recogniser sees the crops it sees in service; every `--every`th crop is run
 * through the float recogniser with its internal tensors exposed, twice (extremes, then
 * histograms), and each tensor's range clips `DEFAULT_TAIL_SHARE` at either end; then the bias
 * shifts of each weight width asked for. The result is a calibration file: for the bundled pack it
 * is committed at `libs/ocr-engine/src/packs/ppocr-v4-ch-rec.int8.json`; for a pack folder, name it
 * in its manifest as `rec_int8_calibration`.
 *
 * With `--weight-bits 7` alone, the ranges and 8-bit shifts already in `--out` are kept and only
 * the 7-bit shifts are measured: the one part a CPU without VNNI can measure exactly.
 */
export interface CalibrateOptions {
  pages: number;
  hardPages: number;
  every: number;
  /** The weight widths to measure bias shifts for; without 8, the ranges come from `out`. */
  weightBits: readonly WeightBits[];
  /** A pack folder to calibrate instead of the bundled pack. */
  packDir?: string;
  out: string;
}

interface Crop {
  data: Float32Array;
  dims: number[];
}

const { FLOAT, UINT8 } = onnxProto.onnx.TensorProto.DataType;

export async function runCalibrate(options: CalibrateOptions): Promise<void> {
  const support = cpuInt8Support();
  const fresh = options.weightBits.includes(8);
  if (fresh && support.kind !== 'vnni') {
    // The 8-bit bias shifts are read off the built 8-bit model, whose sums saturate on AVX2 alone.
    throw new Error(
      `8-bit calibration needs a CPU with VNNI (${support.detail}): it measures the 8-bit int8 model, which this CPU cannot run exactly. --weight-bits 7 adds the 7-bit bias shifts to the calibration in --out on any CPU`,
    );
  }
  const pages = pageMakers(options.pages, options.hardPages, CALIBRATION_SEEDS);
  warnIfFontsMissing();
  const env = new EnvReader({ OCR_REC_PRECISION: 'fp32', OCR_TESSERACT: 'off' });
  const config = { ...readEngineConfig(env), modelDirs: options.packDir ? [options.packDir] : [] };
  env.done();
  const pack = loadPacks(config)[0]!;
  const language = options.packDir ? pack.languages[0]! : undefined;
  const kept = fresh ? undefined : calibrationToExtend(options.out, pack);

  const crops = await collectCrops(config, pages, options.every, language);
  const floatBytes = optimiseModel(readFileSync(pack.rec)).bytes;
  // Bias shifts on every other crop: a mean needs fewer samples than a range's tails.
  const shiftCrops = crops.filter((_, i) => i % 2 === 0);
  const calibration: Int8Calibration = kept
    ? {
        ...kept,
        source: `${kept.source ?? 'ranges of an earlier calibration'}; 7-bit bias shifts on ${shiftCrops.length} line crops of ${options.pages} + ${options.hardPages} pages`,
        biasShift7: (await measureBiasShifts(floatBytes, kept.firstInt8Conv, kept.ranges, shiftCrops, [7])).get(7)!,
      }
    : await freshCalibration(pack, floatBytes, crops, shiftCrops, options);
  writeFileSync(options.out, `${JSON.stringify(calibration, null, 2)}\n`);
  if (kept) console.log(`# 7-bit bias shifts of ${pack.id} (${pack.rec}), ${shiftCrops.length} line crops`);
  else {
    console.log(`# int8 calibration of ${pack.id} (${pack.rec})`);
    console.log(
      `# ${crops.length} line crops; int8 from ${calibration.firstInt8Conv}; ${Object.keys(calibration.ranges).length} tensor ranges`,
    );
  }
  console.log(`written: ${options.out}`);
}

/** Ranges measured on `crops`, and the bias shifts of each weight width asked for on `shiftCrops`. */
async function freshCalibration(
  pack: ModelPack,
  floatBytes: Uint8Array,
  crops: readonly Crop[],
  shiftCrops: readonly Crop[],
  options: CalibrateOptions,
): Promise<Int8Calibration> {
  const firstInt8Conv = defaultFirstInt8Conv(floatBytes);
  const ranges = await measureRanges(floatBytes, firstInt8Conv, crops);
  const shifts = await measureBiasShifts(floatBytes, firstInt8Conv, ranges, shiftCrops, options.weightBits);
  const biasShift7 = shifts.get(7);
  return {
    modelSha256: fileSha256(pack.rec),
    scheme: QUANTISATION_SCHEME,
    firstInt8Conv,
    source: `npm run bench -- calibrate: ${options.pages} synthetic pages and ${options.hardPages} hard degraded ones, every ${options.every}th line crop (${crops.length}), tails of ${DEFAULT_TAIL_SHARE} clipped; bias shifts (${options.weightBits.join(' and ')}-bit weights) on half of them`,
    ranges,
    biasShift: shifts.get(8),
    ...(biasShift7 ? { biasShift7 } : {}),
  };
}

/**
 * Each tensor's range over the crops, run through the float recogniser with its internal tensors
 * exposed, twice (extremes, then histograms), with `DEFAULT_TAIL_SHARE` clipped at either end.
 */
async function measureRanges(
  floatBytes: Uint8Array,
  firstInt8Conv: string,
  crops: readonly Crop[],
): Promise<Record<string, [number, number]>> {
  const names = tensorsToCalibrate(floatBytes, firstInt8Conv);
  const probeGraph = new OnnxGraph(floatBytes);
  probeGraph.exposeAsOutputs(names);
  const probe = await ort.InferenceSession.create(probeGraph.encode(), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const inputName = probe.inputNames[0]!;
  const pass = async (label: string, use: (name: string, values: Float32Array) => void): Promise<void> => {
    const progress = benchProgress(label, crops.length, 'crops');
    for (const crop of crops) {
      const out = await probe.run({ [inputName]: new ort.Tensor('float32', crop.data, crop.dims) }, names);
      for (const name of names) use(name, out[name]!.data as Float32Array);
      progress.tick();
    }
    progress.finish();
  };
  // Every other value is plenty for a range, and halves the time.
  const STRIDE = 2;
  const extents = new Map(names.map((n) => [n, new ActivationExtent()]));
  await pass('extremes', (name, values) => extents.get(name)!.add(values, STRIDE));
  const histograms = new Map(names.map((n) => [n, new ActivationHistogram(extents.get(n)!.low, extents.get(n)!.high)]));
  await pass('histograms', (name, values) => histograms.get(name)!.add(values, STRIDE));

  return Object.fromEntries(
    names.map((n) => [
      n,
      histograms
        .get(n)!
        .range(DEFAULT_TAIL_SHARE)
        .map((v) => Number(v.toPrecision(6))) as [number, number],
    ]),
  );
}

/** The calibration in `path` that `--weight-bits 7` adds to: it must build this pack's recogniser. */
function calibrationToExtend(path: string, pack: ModelPack): Int8Calibration {
  const calibration = readInt8Calibration(path);
  const problem = calibrationProblem({ ...pack, recCalibration: calibration });
  if (problem) throw new Error(`--weight-bits 7 adds to ${path}, but ${problem}: that needs a CPU with VNNI`);
  return calibration;
}

/**
 * What int8 adds to each convolution's output channels on average, for each weight width, one
 * convolution after another: each is measured in a model whose earlier convolutions are already
 * corrected, since their errors reach it through the non-linear activations between. The float
 * means they are taken against are measured once for all widths.
 */
async function measureBiasShifts(
  floatBytes: Uint8Array,
  firstInt8Conv: string,
  ranges: Record<string, readonly [number, number]>,
  crops: readonly Crop[],
  widths: readonly WeightBits[],
): Promise<Map<WeightBits, Record<string, number[]>>> {
  const rangeOf = (n: string): readonly [number, number] => ranges[n]!;
  const convolutions = [...quantiseRecogniser(floatBytes, firstInt8Conv, rangeOf).convolutionOutputs.keys()];
  const floatMeans = await channelMeans(floatBytes, convolutions, crops, 'float outputs');
  const byWidth = new Map<WeightBits, Record<string, number[]>>();
  for (const weightBits of widths) {
    const shifts: Record<string, number[]> = {};
    for (const conv of convolutions) {
      const built = quantiseRecogniser(floatBytes, firstInt8Conv, rangeOf, {
        biasShiftOf: (c) => shifts[c],
        weightBits,
      });
      const q = built.convolutionOutputs.get(conv)!;
      const means = await channelMeans(built.bytes, [q.value], crops, `${weightBits}-bit bias shift ${conv}`, q);
      const want = floatMeans.get(conv)!;
      shifts[conv] = Array.from(means.get(q.value)!, (m, c) => Number((m - want[c]!).toPrecision(5)));
    }
    byWidth.set(weightBits, shifts);
  }
  return byWidth;
}

/** Per channel, the mean of each named output over the crops; uint8 outputs are read back with `q`. */
async function channelMeans(
  bytes: Uint8Array,
  names: readonly string[],
  crops: readonly Crop[],
  label: string,
  q?: { scale: number; zeroPoint: number },
): Promise<Map<string, Float64Array>> {
  const graph = new OnnxGraph(bytes);
  graph.exposeAsOutputs(names, q ? UINT8 : FLOAT);
  const session = await ort.InferenceSession.create(graph.encode(), {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const sums = new Map<string, Float64Array>();
  const progress = benchProgress(label, crops.length, 'crops');
  for (const crop of crops) {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', crop.data, crop.dims) }, names);
    for (const name of names) {
      const tensor = out[name]!;
      const [, channels = 1, h = 1, w = 1] = tensor.dims;
      const data = tensor.data as Float32Array | Uint8Array;
      const sum = sums.get(name) ?? new Float64Array(channels);
      sums.set(name, sum);
      const plane = h * w;
      for (let c = 0; c < channels; c++) {
        let s = 0;
        for (let i = c * plane; i < (c + 1) * plane; i++) s += data[i]!;
        sum[c]! += (q ? q.scale * (s / plane - q.zeroPoint) : s / plane) / crops.length;
      }
    }
    progress.tick();
  }
  progress.finish();
  await session.release();
  return sums;
}

/** Reads `pages` with the float engine and keeps every `every`-th recogniser input. */
async function collectCrops(
  config: ReturnType<typeof readEngineConfig>,
  pages: ReadonlyArray<() => Promise<SyntheticPage>>,
  every: number,
  language: string | undefined,
): Promise<Crop[]> {
  const crops: Crop[] = [];
  let seen = 0;
  const engine = await createEngine(config, {
    inProcess: true,
    observeRecogniserInputs: (input, dims) => {
      if (seen++ % every === 0) crops.push({ data: Float32Array.from(input), dims: [...dims] });
    },
  });
  const progress = benchProgress('line crops', pages.length, 'pages');
  try {
    for (const make of pages) {
      const page = await make();
      await engine.recognize([
        {
          image: page.bytes,
          options: { language: language ?? page.language, confidence_threshold: 0, use_angle_cls: true },
        },
      ]);
      progress.tick();
    }
  } finally {
    progress.finish();
    await engine.close();
  }
  return crops;
}
