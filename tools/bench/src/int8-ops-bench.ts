import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { bundledPack, optimiseModel } from '@ocr-pool/ocr-engine';
import { formatTable } from './table.js';
import { medianRunMs } from './session-timing.js';
import { qdqConvolutions } from './qdq-model.js';
import { describeMachine } from './machine.js';

/**
 * `npm run bench -- int8`: what int8 would buy the recogniser on this CPU, op by op, before anyone
 * builds a quantised model. One-node (or one-chain) graphs at shapes of the recogniser's layers:
 * a float convolution against onnxruntime's `QLinearConv` (u8 activations, s8 weights per output
 * channel), and PP-LCNetV3's hard-swish after each convolution three ways: in float, in float
 * between a `DequantizeLinear` and a `QuantizeLinear` (what a plain QDQ model runs), and as a
 * `QLinearMul` of two uint8 tensors (the hard-sigmoid side then comes from a second `QLinearConv`
 * whose saturating output does the clipping). Weights and inputs are random: speed, not accuracy.
 * Then the whole recogniser (after the engine's graph rewrites) against the same model with its
 * convolutions in QDQ form (`qdq-model.ts`), at a short and a long line.
 */
const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const INT = onnx.AttributeProto.AttributeType.INT;
const FLOAT_ATTR = onnx.AttributeProto.AttributeType.FLOAT;

type Tensor = onnxProto.onnx.ITensorProto;
type Node = onnxProto.onnx.INodeProto;

function constant(
  name: string,
  type: number,
  dims: number[],
  data: Float32Array | Int32Array | Uint8Array | Int8Array,
): Tensor {
  const tensor: Tensor = { name, dataType: type, dims };
  if (data instanceof Float32Array) tensor.floatData = Array.from(data);
  else if (data instanceof Int32Array) tensor.int32Data = Array.from(data);
  else tensor.rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return tensor;
}

function valueInfo(name: string, type: number, dims: number[]): onnxProto.onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: type, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

function modelBytes(
  nodes: Node[],
  input: onnxProto.onnx.IValueInfoProto,
  output: onnxProto.onnx.IValueInfoProto,
  initializer: Tensor[],
): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: { name: 'op', node: nodes, input: [input], output: [output], initializer },
  }).finish();
}

function medianMs(bytes: Uint8Array, input: ort.Tensor, runs: number): Promise<number> {
  return medianRunMs(bytes, input, { runs, warmUps: 3, options: { enableCpuMemArena: false } });
}

interface ConvShape {
  label: string;
  channels: number;
  filters: number;
  height: number;
  width: number;
  kernel: number;
  depthwise: boolean;
}

const CONVS: readonly ConvShape[] = [
  {
    label: 'pointwise 64->128, 24x800',
    channels: 64,
    filters: 128,
    height: 24,
    width: 800,
    kernel: 1,
    depthwise: false,
  },
  {
    label: 'pointwise 128->256, 12x400',
    channels: 128,
    filters: 256,
    height: 12,
    width: 400,
    kernel: 1,
    depthwise: false,
  },
  {
    label: 'pointwise 256->256, 6x200',
    channels: 256,
    filters: 256,
    height: 6,
    width: 200,
    kernel: 1,
    depthwise: false,
  },
  {
    label: 'depthwise 3x3 128, 24x800',
    channels: 128,
    filters: 128,
    height: 24,
    width: 800,
    kernel: 3,
    depthwise: true,
  },
  {
    label: 'depthwise 3x3 256, 12x400',
    channels: 256,
    filters: 256,
    height: 12,
    width: 400,
    kernel: 3,
    depthwise: true,
  },
];

async function convRow(shape: ConvShape, runs: number): Promise<Array<string | number>> {
  const { channels, filters, height, width, kernel, depthwise } = shape;
  const group = depthwise ? channels : 1;
  const perGroup = channels / group;
  const pad = (kernel - 1) / 2;
  const attribute = [
    { name: 'kernel_shape', type: INTS, ints: [kernel, kernel] },
    { name: 'pads', type: INTS, ints: [pad, pad, pad, pad] },
    { name: 'group', type: INT, i: group },
  ];
  const inDims = [1, channels, height, width];
  const outDims = [1, filters, height, width];
  const weightDims = [filters, perGroup, kernel, kernel];
  const weights = filters * perGroup * kernel * kernel;
  const float = modelBytes(
    [{ opType: 'Conv', input: ['x', 'w', 'b'], output: ['y'], attribute }],
    valueInfo('x', T.FLOAT, inDims),
    valueInfo('y', T.FLOAT, outDims),
    [
      constant(
        'w',
        T.FLOAT,
        weightDims,
        Float32Array.from({ length: weights }, (_, i) => Math.sin(i) * 0.1),
      ),
      constant('b', T.FLOAT, [filters], new Float32Array(filters)),
    ],
  );
  const int8 = modelBytes(
    [{ opType: 'QLinearConv', input: ['x', 'xs', 'xz', 'w', 'ws', 'wz', 'ys', 'yz', 'b'], output: ['y'], attribute }],
    valueInfo('x', T.UINT8, inDims),
    valueInfo('y', T.UINT8, outDims),
    [
      constant('xs', T.FLOAT, [], Float32Array.of(0.02)),
      constant('xz', T.UINT8, [], Uint8Array.of(128)),
      constant(
        'w',
        T.INT8,
        weightDims,
        Int8Array.from({ length: weights }, (_, i) => Math.round(Math.sin(i) * 100)),
      ),
      constant('ws', T.FLOAT, [filters], new Float32Array(filters).fill(0.001)),
      constant('wz', T.INT8, [filters], new Int8Array(filters)),
      constant('ys', T.FLOAT, [], Float32Array.of(0.05)),
      constant('yz', T.UINT8, [], Uint8Array.of(128)),
      constant('b', T.INT32, [filters], new Int32Array(filters)),
    ],
  );
  const size = inDims.reduce((a, b) => a * b, 1);
  const f = await medianMs(
    float,
    new ort.Tensor(
      'float32',
      Float32Array.from({ length: size }, (_, i) => Math.sin(i)),
      inDims,
    ),
    runs,
  );
  const q = await medianMs(
    int8,
    new ort.Tensor(
      'uint8',
      Uint8Array.from({ length: size }, (_, i) => i % 251),
      inDims,
    ),
    runs,
  );
  return [shape.label, f.toFixed(2), q.toFixed(2), `${(f / q).toFixed(2)}x`];
}

async function hardSwishRows(runs: number): Promise<Array<Array<string | number>>> {
  const dims = [1, 256, 12, 400];
  const size = dims.reduce((a, b) => a * b, 1);
  const hardSigmoid = (input: string, output: string): Node => ({
    opType: 'HardSigmoid',
    input: [input],
    output: [output],
    attribute: [
      { name: 'alpha', type: FLOAT_ATTR, f: 1 / 6 },
      { name: 'beta', type: FLOAT_ATTR, f: 0.5 },
    ],
  });
  const scales = [
    constant('s', T.FLOAT, [], Float32Array.of(0.05)),
    constant('z', T.UINT8, [], Uint8Array.of(128)),
    constant('hs', T.FLOAT, [], Float32Array.of(1 / 255)),
    constant('hz', T.UINT8, [], Uint8Array.of(0)),
  ];
  const floatInput = new ort.Tensor(
    'float32',
    Float32Array.from({ length: size }, (_, i) => Math.sin(i) * 4),
    dims,
  );
  const uint8Input = new ort.Tensor(
    'uint8',
    Uint8Array.from({ length: size }, (_, i) => i % 251),
    dims,
  );
  const inFloat = await medianMs(
    modelBytes(
      [hardSigmoid('x', 'h'), { opType: 'Mul', input: ['x', 'h'], output: ['y'] }],
      valueInfo('x', T.FLOAT, dims),
      valueInfo('y', T.FLOAT, dims),
      [],
    ),
    floatInput,
    runs,
  );
  const betweenQdq = await medianMs(
    modelBytes(
      [
        { opType: 'DequantizeLinear', input: ['x', 's', 'z'], output: ['xf'] },
        hardSigmoid('xf', 'h'),
        { opType: 'Mul', input: ['xf', 'h'], output: ['yf'] },
        { opType: 'QuantizeLinear', input: ['yf', 's', 'z'], output: ['y'] },
      ],
      valueInfo('x', T.UINT8, dims),
      valueInfo('y', T.UINT8, dims),
      scales.slice(0, 2),
    ),
    uint8Input,
    runs,
  );
  const qlinearMul = await medianMs(
    modelBytes(
      [
        {
          opType: 'QLinearMul',
          domain: 'com.microsoft',
          input: ['x', 's', 'z', 'x', 'hs', 'hz', 's', 'z'],
          output: ['y'],
        },
      ],
      valueInfo('x', T.UINT8, dims),
      valueInfo('y', T.UINT8, dims),
      scales,
    ),
    uint8Input,
    runs,
  );
  const label = 'hard-swish, 256x12x400';
  return [
    [`${label}: float HardSigmoid x Mul`, inFloat.toFixed(2), '', ''],
    [`${label}: the same between DQ and Q`, betweenQdq.toFixed(2), '', `${(inFloat / betweenQdq).toFixed(2)}x`],
    [`${label}: QLinearMul of two uint8`, qlinearMul.toFixed(2), '', `${(inFloat / qlinearMul).toFixed(2)}x`],
  ];
}

async function wholeRecogniserRows(runs: number): Promise<Array<Array<string | number>>> {
  const float = optimiseModel(readFileSync(bundledPack().rec)).bytes;
  const { bytes: int8, quantised } = qdqConvolutions(float);
  const rows: Array<Array<string | number>> = [];
  for (const width of [320, 1600]) {
    const dims = [1, 3, 48, width];
    const input = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 3 * 48 * width }, (_, i) => Math.sin(i)),
      dims,
    );
    const f = await medianMs(float, input, runs);
    const q = await medianMs(int8, input, runs);
    rows.push([
      `whole recogniser 48x${width}, ${quantised} convolutions QDQ`,
      f.toFixed(1),
      q.toFixed(1),
      `${(f / q).toFixed(2)}x`,
    ]);
  }
  return rows;
}

export async function runInt8OpsBench(runs = 30): Promise<void> {
  console.log(
    `# int8 ops benchmark: median of ${runs} session.run calls of one-op graphs and of the recogniser, 1 onnxruntime thread`,
  );
  console.log(`# ${describeMachine()}\n`);
  const rows: Array<Array<string | number>> = [];
  for (const shape of CONVS) rows.push(await convRow(shape, runs));
  rows.push(...(await hardSwishRows(runs)));
  rows.push(...(await wholeRecogniserRows(runs)));
  console.log(formatTable(['op', 'float ms', 'int8 ms', 'float / int8'], rows));
}
