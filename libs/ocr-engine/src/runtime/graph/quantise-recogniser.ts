import onnxProto from 'onnx-proto';
import { type NodeProto, OnnxGraph } from './onnx-graph.js';
import { upgradeToOpset10 } from './opset-ten.js';
import type { Int8Calibration } from './int8-calibration.js';

/**
 * The PP-OCRv4 recogniser's backbone in int8, from a calibrated float model (after the exact
 * rewrites of `optimise-model.ts`). On a CPU with VNNI, onnxruntime runs an int8 pointwise
 * convolution about 4x as fast as the float one, and those convolutions are most of the model.
 *
 * From `firstInt8Conv` to the neck, every tensor between convolutions is uint8 with one scale:
 * - convolutions become `QLinearConv` (int8 weights with a scale per output channel, int32 bias);
 * - hard-swish `y * hsig(y)` becomes a requantisation and a `QLinearMul`: requantising `y` to a
 *   scale of 6/255 around zero point 128 saturates exactly where hard-sigmoid clips, so read back
 *   at scale 1/255 it *is* `hsig(y)` (onnxruntime has no int8 hard-swish, and in float it cost the
 *   int8 model its gain). The requantisation is a `QLinearAdd` of zero, which onnxruntime runs
 *   vectorised: as a 256-entry table (`QLinearLeakyRelu` with alpha 1, the same values) it was
 *   looked up byte by byte, and the recogniser took 5% longer;
 * - PP-LCNetV3's scalar scale-and-shift is not an op at all: it only changes the scale and zero
 *   point the next convolution reads its input with (a zero point rounded to an integer leaves a
 *   constant error of at most half a step, removed through that convolution's bias);
 * - the squeeze-excitation scale is a `QLinearMul` by the branch's output, computed in float
 *   (its input may keep the half-step error of a rounded zero point: within its rounding noise).
 * The first stages stay float: they are cheap and int8 lost the most accuracy there. The neck
 * (attention) and the CTC head stay float. Everything else is the original graph.
 *
 * Ranges come from `rangeOf` (a committed calibration); with a `rangeOf` that records the names
 * it is asked for, the same walk lists what calibration must measure.
 */
const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const MS_DOMAIN = 'com.microsoft';

export type RangeOf = (tensor: string) => readonly [number, number];
/** Per output channel, what int8 adds on average to a convolution's output, to take out of its bias. */
export type BiasShiftOf = (convolution: string) => ArrayLike<number> | undefined;

/** A float tensor's uint8 form in the built model: where to fetch it and how to read it back. */
export interface QuantisedValue {
  value: string;
  scale: number;
  zeroPoint: number;
}

export interface QuantiseReport {
  convolutions: number;
  hardSwish: number;
  affines: number;
  excitations: number;
  floatConvolutions: number;
}

interface Quantised {
  /** The uint8 value in the graph. */
  value: string;
  scale: number;
  zeroPoint: number;
  scaleName: string;
  zeroPointName: string;
  /** The real value is `scale * (q - zeroPoint - offset)`: a zero point rounded to an integer. */
  offset: number;
}

/** A uint8 value and the names of its scale and zero point, as a QLinear operator reads it. */
type UInt8Operand = Pick<Quantised, 'value' | 'scaleName' | 'zeroPointName'>;

/** Below -3 hard-swish is 0: a pre-activation range need not reach further (a little margin). */
const HARD_SWISH_FLOOR = -3.2;

export interface Quantised8 {
  bytes: Uint8Array;
  report: QuantiseReport;
  /** Each convolution output's uint8 form, by its float name (for measuring bias shifts). */
  convolutionOutputs: Map<string, QuantisedValue>;
}

export interface QuantiseOptions {
  biasShiftOf?: BiasShiftOf;
  /**
   * 8 uses the whole int8 range. 7 keeps weights within +-63 for CPUs without VNNI: their AVX2
   * kernels add two uint8 x int8 products in 16 bits, and 2 x 255 x 127 does not fit there
   * (onnxruntime saturates it) while 2 x 255 x 63 does.
   */
  weightBits?: WeightBits;
}

export type WeightBits = 7 | 8;

/** What a recogniser's int8 form is built from. */
export interface Int8Form {
  calibration: Int8Calibration;
  weightBits: WeightBits;
}

export function quantiseRecogniser(
  floatBytes: Uint8Array,
  firstInt8Conv: string,
  rangeOf: RangeOf,
  { biasShiftOf = () => undefined, weightBits = 8 }: QuantiseOptions = {},
): Quantised8 {
  const graph = new OnnxGraph(floatBytes);
  return new RecogniserQuantiser(graph, firstInt8Conv, rangeOf, biasShiftOf, 2 ** (weightBits - 1) - 1).run();
}

/** The int8 recogniser a committed calibration describes (ranges and bias shifts), as workers build it. */
export function quantiseWithCalibration(
  floatBytes: Uint8Array,
  { firstInt8Conv, ranges, biasShift, biasShift7 }: Int8Calibration,
  weightBits: WeightBits,
): Quantised8 {
  const shifts = weightBits === 7 ? (biasShift7 ?? biasShift) : biasShift;
  return quantiseRecogniser(
    floatBytes,
    firstInt8Conv,
    (tensor) => {
      const range = ranges[tensor];
      if (!range) throw new Error(`the int8 calibration has no range for ${tensor}`);
      return range;
    },
    { biasShiftOf: (convolution) => shifts?.[convolution], weightBits },
  );
}

/** The tensors whose ranges `quantiseRecogniser` reads, for calibration to measure. */
export function tensorsToCalibrate(floatBytes: Uint8Array, firstInt8Conv: string): string[] {
  const names = new Set<string>();
  quantiseRecogniser(floatBytes, firstInt8Conv, (name) => {
    names.add(name);
    return [-1, 1];
  });
  return [...names];
}

/**
 * Where int8 starts by default: the first pointwise convolution with 128 or more outputs. Before
 * it the recogniser is cheap (its first stages have 16-64 channels at full width) and int8 there
 * lost the most accuracy on noisy lines for a few percent of speed (BENCHMARKS.md, "int8").
 */
export function defaultFirstInt8Conv(floatBytes: Uint8Array): string {
  const graph = new OnnxGraph(floatBytes);
  for (const node of graph.nodes) {
    const dims = node.opType === 'Conv' ? graph.dims(node.input?.[1] ?? '') : undefined;
    if (dims?.length === 4 && dims[0]! >= 128 && dims[2] === 1 && dims[3] === 1) return node.output?.[0] ?? '';
  }
  throw new Error('the model has no pointwise convolution with 128 or more outputs');
}

/** Scale and zero point covering `[low, high]` (widened to include 0, as uint8 must). */
export function uint8Params([low, high]: readonly [number, number]): { scale: number; zeroPoint: number } {
  const lo = Math.min(low, 0),
    hi = Math.max(high, 0);
  const scale = Math.max(hi - lo, 1e-8) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

class RecogniserQuantiser {
  private readonly out: NodeProto[] = [];
  private readonly quantised = new Map<string, Quantised>();
  private readonly floats = new Set<string>();
  private readonly skipped = new Set<NodeProto>();
  private readonly convolutionOutputs = new Map<string, QuantisedValue>();
  private readonly report: QuantiseReport = {
    convolutions: 0,
    hardSwish: 0,
    affines: 0,
    excitations: 0,
    floatConvolutions: 0,
  };

  constructor(
    private readonly graph: OnnxGraph,
    private readonly firstInt8Conv: string,
    private readonly rangeOf: RangeOf,
    private readonly biasShiftOf: BiasShiftOf,
    /** The largest weight magnitude stored: 127, or 63 for 7-bit weights. */
    private readonly weightLimit: number,
  ) {
    for (const name of graph.inputNames()) this.floats.add(name);
  }

  run(): Quantised8 {
    const graph = this.graph;
    if (!graph.nodes.some((n) => n.opType === 'Conv' && n.output?.[0] === this.firstInt8Conv)) {
      throw new Error(`the model has no convolution named ${this.firstInt8Conv}`);
    }
    upgradeToOpset10(graph);
    let region: 'before' | 'int8' | 'after' = 'before';
    for (const node of graph.nodes) {
      if (this.skipped.has(node)) continue;
      if (region === 'before' && node.opType === 'Conv' && node.output?.[0] === this.firstInt8Conv) region = 'int8';
      // The backbone ends where the neck pools its rows away.
      if (region === 'int8' && node.opType === 'AveragePool') region = 'after';
      if (region === 'int8' && this.quantise(node)) continue;
      if (region === 'before' && node.opType === 'Conv') this.report.floatConvolutions++;
      this.keepFloat(node);
    }
    // A graph output inside the int8 region is handed back in float.
    for (const name of graph.outputNames()) this.toFloat(name);
    graph.nodes = this.out;
    // The float weights and affine constants that int8 replaced (4.7 MB of the bundled recogniser).
    graph.dropUnread();
    graph.setOpset(MS_DOMAIN, 1);
    return { bytes: graph.encode(), report: this.report, convolutionOutputs: this.convolutionOutputs };
  }

  /** Emits the int8 form of `node` and returns true, or returns false to keep it float. */
  private quantise(node: NodeProto): boolean {
    const [input = ''] = node.input ?? [];
    switch (node.opType) {
      case 'Conv':
        // Squeeze-excitation convolutions read a pooled float vector: they stay float.
        if (!this.quantised.has(input) && node.output?.[0] !== this.firstInt8Conv) return false;
        return this.convolution(node);
      case 'HardSigmoid':
        return this.quantised.has(input) && this.hardSwish(node);
      case 'BatchNormalization':
        return this.quantised.has(input) && this.affine(node);
      case 'Mul':
        return this.quantised.has(input) && this.excitation(node);
      default:
        return false;
    }
  }

  private convolution(node: NodeProto): boolean {
    const [input = '', weightName = '', biasName] = node.input ?? [];
    const output = node.output?.[0] ?? '';
    const weights = this.graph.floats(weightName),
      dims = this.graph.dims(weightName);
    if (!weights || dims?.length !== 4) return false;
    const x = this.toUint8(input);
    const outChannels = dims[0]!,
      perChannel = weights.length / outChannels;
    const bias = (biasName ? this.graph.floats(biasName) : undefined) ?? new Float32Array(outChannels);
    const shift = this.biasShiftOf(output);
    if (shift && shift.length !== outChannels) {
      throw new Error(
        `the int8 calibration's bias shift for ${output} has ${shift.length} values; it has ${outChannels} channels`,
      );
    }
    const scales = new Float32Array(outChannels);
    const int8 = new Int8Array(weights.length);
    const int32 = new Int32Array(outChannels);
    for (let c = 0; c < outChannels; c++) {
      const row = weights.subarray(c * perChannel, (c + 1) * perChannel);
      let largest = 1e-12,
        sum = 0;
      for (const w of row) {
        largest = Math.max(largest, Math.abs(w));
        sum += w;
      }
      scales[c] = largest / this.weightLimit;
      row.forEach((w, i) => (int8[c * perChannel + i] = Math.round(w / scales[c]!)));
      // The input reads `offset` steps high everywhere but in the padding: take it back here.
      int32[c] = Math.round((bias[c]! - (shift?.[c] ?? 0) - x.scale * x.offset * sum) / (scales[c]! * x.scale));
    }
    const y = this.fromRange(output);
    this.out.push({
      opType: 'QLinearConv',
      name: node.name ?? null,
      attribute: node.attribute ?? [],
      input: [
        x.value,
        x.scaleName,
        x.zeroPointName,
        this.graph.addTensor('w_int8', { dataType: T.INT8, dims, rawData: new Uint8Array(int8.buffer) }),
        this.graph.addTensor('w_scale', { dataType: T.FLOAT, dims: [outChannels], floatData: Array.from(scales) }),
        this.graph.addTensor('w_zero', { dataType: T.INT8, dims: [outChannels], rawData: new Uint8Array(outChannels) }),
        y.scaleName,
        y.zeroPointName,
        this.graph.addTensor('b_int32', { dataType: T.INT32, dims: [outChannels], int32Data: Array.from(int32) }),
      ],
      output: [y.value],
    });
    this.quantised.set(output, y);
    this.convolutionOutputs.set(output, { value: y.value, scale: y.scale, zeroPoint: y.zeroPoint });
    this.report.convolutions++;
    return true;
  }

  /** `HardSigmoid(y)` whose only reader is `Mul(y, it)`: the pair, as a requantisation + `QLinearMul`. */
  private hardSwish(node: NodeProto): boolean {
    const [input = ''] = node.input ?? [];
    const hsig = node.output?.[0] ?? '';
    const mul = this.graph.soleConsumer(hsig);
    const alpha = this.graph.attribute(node, 'alpha')?.f,
      beta = this.graph.attribute(node, 'beta')?.f;
    if (
      mul?.opType !== 'Mul' ||
      !mul.input?.includes(input) ||
      Math.abs((alpha ?? 0.2) - 1 / 6) > 1e-6 ||
      Math.abs((beta ?? 0.5) - 0.5) > 1e-6
    )
      return false;
    const y = this.quantised.get(input)!;
    const clipped = `${hsig}__uint8`;
    this.out.push({
      opType: 'QLinearAdd',
      domain: MS_DOMAIN,
      // y + 0, written at scale 6/255 around 128: zero is the uint8 0 read with zero point 0.
      input: [
        y.value,
        y.scaleName,
        y.zeroPointName,
        this.uint8(0),
        this.float(1),
        this.uint8(0),
        this.float(6 / 255),
        this.uint8(128),
      ],
      output: [clipped],
    });
    this.multiply(y, { value: clipped, scaleName: this.float(1 / 255), zeroPointName: this.uint8(0) }, mul);
    this.skipped.add(mul);
    this.report.hardSwish++;
    return true;
  }

  /** A BatchNormalization that is one scalar scale and shift (`affine-as-batch-norm.ts`). */
  private affine(node: NodeProto): boolean {
    const [input = '', scaleName = '', biasName = '', meanName = '', varianceName = ''] = node.input ?? [];
    const [k, b, mean, variance] = [scaleName, biasName, meanName, varianceName].map((n) => this.graph.floats(n));
    const x = this.quantised.get(input)!;
    if (!k || !b || !mean || !variance || x.offset !== 0) return false;
    const uniform = [k, b, mean, variance].every((v) => v.every((e) => e === v[0]));
    const epsilon = this.graph.attribute(node, 'epsilon')?.f ?? 1e-5;
    const gain = k[0]! / Math.sqrt(variance[0]! + epsilon);
    const shift = b[0]! - mean[0]! * gain;
    const scale = gain * x.scale;
    const exactZero = x.zeroPoint - shift / scale;
    const zeroPoint = Math.round(exactZero);
    if (!uniform || !(gain > 0) || zeroPoint < 0 || zeroPoint > 255) return false;
    this.quantised.set(node.output?.[0] ?? '', {
      value: x.value,
      scale,
      zeroPoint,
      scaleName: this.float(scale),
      zeroPointName: this.uint8(zeroPoint),
      offset: exactZero - zeroPoint,
    });
    this.report.affines++;
    return true;
  }

  /** Squeeze-excitation: the feature map (uint8) times the branch's per-channel float weights. */
  private excitation(node: NodeProto): boolean {
    const [input = '', weights = ''] = node.input ?? [];
    if (this.quantised.has(weights) || this.graph.floats(weights)) return false;
    const x = this.quantised.get(input)!;
    // The branch ends in a hard-sigmoid: its output is in [0, 1].
    const w = this.constantParams(`${weights}__uint8`, 1 / 255, 0);
    this.out.push({
      opType: 'QuantizeLinear',
      input: [this.toFloat(weights), w.scaleName, w.zeroPointName],
      output: [w.value],
    });
    this.multiply(x, w, node);
    this.report.excitations++;
    return true;
  }

  /** `a * b` as a `QLinearMul` whose output is the uint8 form of `mul`'s output. */
  private multiply(a: UInt8Operand, b: UInt8Operand, mul: NodeProto): void {
    const output = mul.output?.[0] ?? '';
    const z = this.fromRange(output);
    this.out.push({
      opType: 'QLinearMul',
      domain: MS_DOMAIN,
      input: [
        a.value,
        a.scaleName,
        a.zeroPointName,
        b.value,
        b.scaleName,
        b.zeroPointName,
        z.scaleName,
        z.zeroPointName,
      ],
      output: [z.value],
    });
    this.quantised.set(output, z);
  }

  private keepFloat(node: NodeProto): void {
    node.input = (node.input ?? []).map((name) => (name === '' ? name : this.toFloat(name)));
    this.out.push(node);
    for (const output of node.output ?? []) this.floats.add(output);
  }

  /** The uint8 form of a value, quantising a float one with its calibrated range. */
  private toUint8(name: string): Quantised {
    const known = this.quantised.get(name);
    if (known) return known;
    const q = this.fromRange(name);
    this.out.push({
      opType: 'QuantizeLinear',
      input: [this.toFloat(name), q.scaleName, q.zeroPointName],
      output: [q.value],
    });
    this.quantised.set(name, q);
    return q;
  }

  /** The float form of a value, dequantising a uint8 one where a float op reads it. */
  private toFloat(name: string): string {
    if (this.floats.has(name) || !this.quantised.has(name) || this.graph.floats(name)) return name;
    const q = this.quantised.get(name)!;
    const raw = q.offset === 0 ? name : `${name}__dequantised`;
    this.out.push({ opType: 'DequantizeLinear', input: [q.value, q.scaleName, q.zeroPointName], output: [raw] });
    if (raw !== name) this.out.push({ opType: 'Add', input: [raw, this.float(-q.scale * q.offset)], output: [name] });
    this.floats.add(name);
    return name;
  }

  private fromRange(name: string): Quantised {
    const [low, high] = this.rangeOf(name);
    const floor = this.feedsHardSwish(name) ? Math.max(low, HARD_SWISH_FLOOR) : low;
    const { scale, zeroPoint } = uint8Params([floor, high]);
    return this.constantParams(`${name}__uint8`, scale, zeroPoint);
  }

  private feedsHardSwish(name: string): boolean {
    return this.graph.consumers(name).some((n) => n.opType === 'HardSigmoid');
  }

  private constantParams(value: string, scale: number, zeroPoint: number): Quantised {
    return { value, scale, zeroPoint, scaleName: this.float(scale), zeroPointName: this.uint8(zeroPoint), offset: 0 };
  }

  private float(value: number): string {
    return this.graph.addTensor('q_scale', { dataType: T.FLOAT, dims: [], floatData: [value] });
  }

  private uint8(value: number): string {
    return this.graph.addTensor('q_zero', { dataType: T.UINT8, dims: [], rawData: Uint8Array.of(value) });
  }
}
