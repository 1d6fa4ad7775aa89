import { test } from 'node:test';
import assert from 'node:assert/strict';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { OnnxGraph } from './onnx-graph.js';
import { ActivationExtent } from './activation-histogram.js';
import {
  quantiseRecogniser,
  quantiseWithCalibration,
  tensorsToCalibrate,
  uint8Params,
  type WeightBits,
} from './quantise-recogniser.js';
import { QUANTISATION_SCHEME, type Int8Calibration } from './int8-calibration.js';
import { cpuInt8Support, int8WeightBits } from '../cpu-int8-support.js';
import { upgradeToOpset10 } from './opset-ten.js';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
type Node = onnxProto.onnx.INodeProto;

/** Deterministic pseudo-random values in [-1, 1). */
function noise(seed: number, n: number, scale = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * scale;
  });
}

const ints = (name: string, v: number[]): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: v,
});
const float = (name: string, f: number): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.FLOAT,
  f,
});
const int = (name: string, i: number): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i,
});

/**
 * The recogniser's backbone patterns in miniature (opset 9, as PaddleOCR exports): a float stem,
 * then the first int8 depthwise conv, hard-swish, a pointwise conv, a scalar affine before a
 * padded depthwise conv, squeeze-excitation, another pointwise conv, the neck's AveragePool, and
 * a Slice (the one op whose form changes in opset 10).
 */
function miniRecogniser(): Uint8Array {
  const init: onnxProto.onnx.ITensorProto[] = [];
  const w = (name: string, dims: number[], values: number[]): string => {
    init.push({ name, dims, dataType: T.FLOAT, floatData: values });
    return name;
  };
  const size = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);
  const conv = (x: string, out: string, dims: number[], seed: number, group = 1, k = dims[2]!): Node => ({
    opType: 'Conv',
    input: [
      x,
      w(`${out}_w`, dims, noise(seed, size(dims), 0.6)),
      w(`${out}_b`, [dims[0]!], noise(seed + 1, dims[0]!, 0.3)),
    ],
    output: [out],
    attribute: [
      ints('kernel_shape', [k, k]),
      ints('pads', new Array<number>(4).fill((k - 1) / 2)),
      int('group', group),
    ],
  });
  const hardSwish = (x: string, out: string): Node[] => [
    {
      opType: 'HardSigmoid',
      input: [x],
      output: [`${out}_hs`],
      attribute: [float('alpha', 1 / 6), float('beta', 0.5)],
    },
    { opType: 'Mul', input: [x, `${out}_hs`], output: [out] },
  ];
  const affine = (x: string, out: string, channels: number, k: number, b: number): Node => ({
    opType: 'BatchNormalization',
    input: [
      x,
      w(`${out}_k`, [channels], new Array<number>(channels).fill(k)),
      w(`${out}_b`, [channels], new Array<number>(channels).fill(b)),
      w(`${out}_m`, [channels], new Array<number>(channels).fill(0)),
      w(`${out}_v`, [channels], new Array<number>(channels).fill(1 - 1e-5)),
    ],
    output: [out],
    attribute: [float('epsilon', 1e-5)],
  });
  const nodes: Node[] = [
    conv('x', 'stem', [8, 3, 3, 3], 1),
    conv('stem', 'dw1', [8, 1, 3, 3], 3, 8),
    ...hardSwish('dw1', 'z1'),
    conv('z1', 'pw1', [16, 8, 1, 1], 5),
    ...hardSwish('pw1', 'z2'),
    affine('z2', 'a2', 16, 0.7, 0.137),
    conv('a2', 'dw2', [16, 1, 3, 3], 7, 16),
    ...hardSwish('dw2', 'z3'),
    { opType: 'GlobalAveragePool', input: ['z3'], output: ['pooled'] },
    conv('pooled', 'se1', [4, 16, 1, 1], 9),
    { opType: 'Relu', input: ['se1'], output: ['se1r'] },
    conv('se1r', 'se2', [16, 4, 1, 1], 11),
    { opType: 'HardSigmoid', input: ['se2'], output: ['se'], attribute: [float('alpha', 0.2), float('beta', 0.5)] },
    { opType: 'Mul', input: ['z3', 'se'], output: ['excited'] },
    conv('excited', 'pw2', [16, 16, 1, 1], 13),
    ...hardSwish('pw2', 'z4'),
    {
      opType: 'AveragePool',
      input: ['z4'],
      output: ['neck'],
      attribute: [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])],
    },
    {
      opType: 'Slice',
      input: ['neck'],
      output: ['y'],
      attribute: [ints('starts', [0]), ints('ends', [3]), ints('axes', [3])],
    },
  ];
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: T.FLOAT } } });
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 9 }],
    graph: { name: 'mini', node: nodes, input: [vi('x')], output: [vi('y')], initializer: init },
  }).finish();
}

const INPUT_DIMS = [1, 3, 8, 24];
const inputs = [1, 2, 3, 4].map(
  (seed) => new ort.Tensor('float32', Float32Array.from(noise(seed * 97, 3 * 8 * 24)), INPUT_DIMS),
);

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
}

test('int8 form of the backbone: the same outputs within quantisation noise, from the first int8 conv on', async () => {
  const model = miniRecogniser();
  const needed = tensorsToCalibrate(model, 'dw1');
  // Measure every tensor the builder asks for on the inputs themselves.
  const probeGraph = new OnnxGraph(model);
  probeGraph.exposeAsOutputs(needed);
  const probe = await session(probeGraph.encode());
  const extents = new Map(needed.map((name) => [name, new ActivationExtent()]));
  for (const x of inputs) {
    const out = await probe.run({ x }, needed);
    for (const name of needed) extents.get(name)!.add(out[name]!.data as Float32Array);
  }
  const { bytes, report } = quantiseRecogniser(
    model,
    'dw1',
    (name) => {
      const e = extents.get(name)!;
      return [e.low, e.high];
    },
    { weightBits: HERE },
  );
  assert.deepEqual(report, { convolutions: 4, hardSwish: 4, affines: 1, excitations: 1, floatConvolutions: 1 });

  const graph = new OnnxGraph(bytes);
  const ops = graph.nodes.map((n) => n.opType);
  assert.equal(ops.filter((o) => o === 'QLinearConv').length, 4);
  assert.equal(ops.filter((o) => o === 'Conv').length, 3, 'the stem and the two squeeze-excitation convs stay float');
  assert.equal(ops.includes('BatchNormalization'), false, 'the affine became quantisation parameters');
  // Hard-sigmoid is a vectorised requantisation (an add of zero), not a table looked up byte by byte.
  assert.equal(ops.filter((o) => o === 'QLinearAdd').length, 4);
  assert.equal(ops.includes('QLinearLeakyRelu'), false);
  assert.equal(graph.opset(''), 10);
  const read = new Set(graph.nodes.flatMap((n) => n.input ?? []));
  const unread = (onnx.ModelProto.decode(bytes).graph?.initializer ?? []).filter((t) => !read.has(t.name ?? ''));
  assert.deepEqual(
    unread.map((t) => t.name),
    [],
    'the float weights int8 replaced are gone',
  );

  const reference = await session(model);
  const quantised = await session(bytes);
  for (const x of inputs) {
    const want = (await reference.run({ x })).y!.data as Float32Array;
    const got = (await quantised.run({ x })).y!.data as Float32Array;
    assert.equal(got.length, want.length);
    const spread = Math.max(...want) - Math.min(...want);
    const meanError = want.reduce((s, v, i) => s + Math.abs(v - got[i]!), 0) / want.length;
    assert.ok(meanError < 0.005 * spread, `mean error ${meanError} against a spread of ${spread}`);
  }
});

/**
 * conv (identity) -> hard-swish -> affine -> conv, on a constant input, with ranges chosen so the
 * affine's zero point must be rounded by 0.45 of a step: what the second conv's bias takes back.
 */
function affineChain(k: number, b: number): Uint8Array {
  const init: onnxProto.onnx.ITensorProto[] = [
    { name: 'wa', dims: [2, 2, 1, 1], dataType: T.FLOAT, floatData: [1, 0, 0, 1] },
    { name: 'wb', dims: [2, 2, 1, 1], dataType: T.FLOAT, floatData: [1, 1, 1.5, 0.5] },
    { name: 'k', dims: [2], dataType: T.FLOAT, floatData: [k, k] },
    { name: 'b', dims: [2], dataType: T.FLOAT, floatData: [b, b] },
    { name: 'm', dims: [2], dataType: T.FLOAT, floatData: [0, 0] },
    { name: 'v', dims: [2], dataType: T.FLOAT, floatData: [1 - 1e-5, 1 - 1e-5] },
  ];
  const attrs = [ints('kernel_shape', [1, 1]), int('group', 1)];
  const nodes: Node[] = [
    { opType: 'Conv', input: ['x', 'wa'], output: ['ya'], attribute: attrs },
    { opType: 'HardSigmoid', input: ['ya'], output: ['h'], attribute: [float('alpha', 1 / 6), float('beta', 0.5)] },
    { opType: 'Mul', input: ['ya', 'h'], output: ['z'] },
    {
      opType: 'BatchNormalization',
      input: ['z', 'k', 'b', 'm', 'v'],
      output: ['a'],
      attribute: [float('epsilon', 1e-5)],
    },
    { opType: 'Conv', input: ['a', 'wb'], output: ['yb'], attribute: attrs },
  ];
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: T.FLOAT } } });
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 9 }],
    graph: { name: 'affine', node: nodes, input: [vi('x')], output: [vi('yb')], initializer: init },
  }).finish();
}

/** The weights this CPU's int8 kernels sum exactly (8-bit ones saturate on AVX2 alone). */
const HERE = int8WeightBits(cpuInt8Support());
const EXACT_HERE: WeightBits[] = HERE === 8 ? [8, 7] : [7];

for (const weightBits of EXACT_HERE) {
  test(`an affine whose zero point had to be rounded leaves no error behind it (${weightBits}-bit weights)`, async () => {
    const ranges: Record<string, [number, number]> = { x: [-4, 4], ya: [-4, 4], z: [-0.375, 4], yb: [-1.5, 6] };
    const k = 0.8;
    const z = uint8Params(ranges.z!);
    // The affine's exact zero point is 40.45: it is stored as 40, and the 0.45 step must go somewhere.
    const b = k * z.scale * (z.zeroPoint - 40.45);
    const model = affineChain(k, b);
    const { bytes, report } = quantiseRecogniser(model, 'ya', (name) => ranges[name]!, { weightBits });
    assert.equal(report.affines, 1);
    const x = new ort.Tensor('float32', Float32Array.from(noise(5, 128, 3.5)), [1, 2, 1, 64]);
    const want = (await (await session(model)).run({ x })).yb!.data as Float32Array;
    const got = (await (await session(bytes)).run({ x })).yb!.data as Float32Array;
    const step = uint8Params(ranges.yb!).scale;
    const meanSigned = got.reduce((s, v, i) => s + v - want[i]!, 0) / got.length;
    // Rounding errors cancel on average; a zero-point error left in would shift every value alike.
    assert.ok(Math.abs(meanSigned) < 0.3 * step, `mean signed error ${meanSigned}, step ${step}`);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) <= 2.5 * step, `${v} against ${want[i]}`));
  });
}

test('7-bit weights stay within +-63, so two products of a uint8 input fit in 16 bits', () => {
  const ranges: Record<string, [number, number]> = { x: [-4, 4], ya: [-4, 4], z: [-0.375, 4], yb: [-1.5, 6] };
  const stored = (weightBits: WeightBits): Int8Array[] => {
    const { bytes } = quantiseRecogniser(affineChain(0.8, 0.1), 'ya', (n) => ranges[n]!, { weightBits });
    const graph = onnx.ModelProto.decode(bytes).graph;
    return (graph?.node ?? [])
      .filter((n) => n.opType === 'QLinearConv')
      .map((n) => {
        const raw = graph?.initializer?.find((t) => t.name === n.input?.[3])?.rawData ?? new Uint8Array();
        return new Int8Array(raw.buffer, raw.byteOffset, raw.length);
      });
  };
  const largest = (weights: Int8Array[]): number => Math.max(...weights.flatMap((w) => Array.from(w, Math.abs)));
  assert.equal(largest(stored(8)), 127);
  assert.equal(largest(stored(7)), 63);
  assert.ok(2 * 255 * 63 <= 32767);
});

test("a bias shift is taken out of its convolution's output channels", async () => {
  const ranges: Record<string, [number, number]> = { x: [-4, 4], ya: [-4, 4], z: [-0.375, 4], yb: [-1.5, 6] };
  const model = affineChain(0.8, 0.1);
  const x = new ort.Tensor('float32', Float32Array.from(noise(5, 128, 3.5)), [1, 2, 1, 64]);
  const run = async (shift?: number[]): Promise<Float32Array> => {
    const { bytes } = quantiseRecogniser(model, 'ya', (name) => ranges[name]!, {
      biasShiftOf: (conv) => (conv === 'yb' ? shift : undefined),
      weightBits: HERE,
    });
    return (await (await session(bytes)).run({ x })).yb!.data as Float32Array;
  };
  const plain = await run();
  const shifted = await run([0.5, -0.25]);
  const meanDelta = (channel: number): number => {
    let sum = 0;
    for (let i = channel * 64; i < (channel + 1) * 64; i++) sum += shifted[i]! - plain[i]!;
    return sum / 64;
  };
  const step = uint8Params(ranges.yb!).scale;
  assert.ok(Math.abs(meanDelta(0) + 0.5) < step, `channel 0 moved ${meanDelta(0)}`);
  assert.ok(Math.abs(meanDelta(1) - 0.25) < step, `channel 1 moved ${meanDelta(1)}`);
});

test('a bias shift with another count than its convolution has channels is refused, naming both', () => {
  const ranges: Record<string, [number, number]> = { x: [-4, 4], ya: [-4, 4], z: [-0.375, 4], yb: [-1.5, 6] };
  assert.throws(
    () =>
      quantiseRecogniser(affineChain(0.8, 0.1), 'ya', (name) => ranges[name]!, {
        biasShiftOf: (conv) => (conv === 'yb' ? [0.5, -0.25, 0.1] : undefined),
        weightBits: HERE,
      }),
    /bias shift for yb has 3 values; it has 2 channels/,
  );
});

test('a calibration builds 7-bit weights with its 7-bit bias shifts, and with the 8-bit ones when it has none', () => {
  const calibration: Int8Calibration = {
    modelSha256: 'f'.repeat(64),
    scheme: QUANTISATION_SCHEME,
    firstInt8Conv: 'ya',
    ranges: { x: [-4, 4], ya: [-4, 4], z: [-0.375, 4], yb: [-1.5, 6] },
    // The wrong channel count makes whichever set is taken show itself.
    biasShift: { yb: [0.5, -0.25, 0.1] },
    biasShift7: { yb: [0.5, -0.25] },
  };
  const model = affineChain(0.8, 0.1);
  assert.equal(quantiseWithCalibration(model, calibration, 7).report.convolutions, 2);
  assert.throws(() => quantiseWithCalibration(model, calibration, 8), /bias shift for yb has 3 values/);
  const { biasShift7: _none, ...eightBitOnly } = calibration;
  assert.throws(() => quantiseWithCalibration(model, eightBitOnly, 7), /bias shift for yb has 3 values/);
});

test('a convolution name the model does not have is refused', () => {
  assert.throws(() => quantiseRecogniser(miniRecogniser(), 'no-such-conv', () => [-1, 1]), /no convolution named/);
});

test('uint8 parameters cover the range and always hold zero exactly', () => {
  const close = (got: { scale: number; zeroPoint: number }, scale: number, zeroPoint: number): void => {
    assert.ok(Math.abs(got.scale - scale) < 1e-12, `scale ${got.scale}, want ${scale}`);
    assert.equal(got.zeroPoint, zeroPoint);
  };
  close(uint8Params([-1, 1]), 2 / 255, 128);
  close(uint8Params([0.5, 2.55]), 0.01, 0);
  close(uint8Params([-2.55, -1]), 0.01, 255);
});

test('opset 10: Slice bounds become inputs; an operator without a rule is refused', () => {
  const graph = new OnnxGraph(miniRecogniser());
  upgradeToOpset10(graph);
  const slice = graph.nodes.find((n) => n.opType === 'Slice')!;
  assert.equal(slice.input?.length, 4);
  assert.deepEqual(slice.attribute, []);
  assert.equal(graph.opset(''), 10);

  const other = new OnnxGraph(miniRecogniser());
  other.nodes[0]!.opType = 'Upsample';
  assert.throws(() => upgradeToOpset10(other), /no rule for Upsample/);
});
