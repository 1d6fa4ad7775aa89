import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { bundledPack } from '../../packs/bundled-pack.js';
import { optimiseModel } from './optimise-model.js';

const { onnx } = onnxProto;

/** A float constant node. */
function constant(name: string, values: number[], dims: number[]): onnxProto.onnx.INodeProto {
  const t = onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: values });
  return {
    opType: 'Constant',
    output: [name],
    attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t }],
  };
}

function model(nodes: onnxProto.onnx.INodeProto[], channels: number, opset = 9): Uint8Array {
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimValue: 1 }, { dimValue: channels }, { dimParam: 'h' }, { dimParam: 'w' }] },
      },
    },
  });
  return onnx.ModelProto.encode({
    irVersion: 7,
    opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'g', node: nodes, input: [vi('x')], output: [vi('y')] },
  }).finish();
}

const ints = (name: string, v: number[]): onnxProto.onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: v,
});
const conv = (
  input: string,
  w: string,
  b: string,
  output: string,
  kernel: number,
  group = 1,
): onnxProto.onnx.INodeProto => ({
  opType: 'Conv',
  input: [input, w, b],
  output: [output],
  attribute: [
    ints('kernel_shape', [kernel, kernel]),
    ints('pads', new Array<number>(4).fill((kernel - 1) / 2)),
    { name: 'group', type: onnx.AttributeProto.AttributeType.INT, i: group },
  ],
});

/** PP-LCNetV3's block: conv, scale/shift, hard-swish, scale/shift, then a 1x1 or a padded 3x3 depthwise conv. */
function lcnetBlock(last: 'pointwise' | 'depthwise'): Uint8Array {
  const C = 2;
  const w3 = Array.from({ length: C * C * 9 }, (_, i) => Math.sin(i) * 0.3);
  const dw = Array.from({ length: C * 9 }, (_, i) => Math.cos(i) * 0.3);
  return model(
    [
      constant('w3', w3, [C, C, 3, 3]),
      constant('b3', [0.1, -0.2], [C]),
      constant('k1', [1.7], []),
      constant('s1', [0.3], []),
      constant('three', [3], []),
      constant('six', [6], []),
      constant('k2', [0.6], []),
      constant('s2', [-0.25], []),
      constant('w1', [0.5, -1, 2, 0.25], [C, C, 1, 1]),
      constant('b1', [0, 0.5], [C]),
      constant('wd', dw, [C, 1, 3, 3]),
      constant('bd', [0, 0], [C]),
      conv('x', 'w3', 'b3', 'c', 3),
      { opType: 'Mul', input: ['k1', 'c'], output: ['m1'] },
      { opType: 'Add', input: ['m1', 's1'], output: ['a1'] },
      { opType: 'Add', input: ['a1', 'three'], output: ['p3'] },
      {
        opType: 'Clip',
        input: ['p3'],
        output: ['cl'],
        attribute: [
          { name: 'min', type: 1, f: 0 },
          { name: 'max', type: 1, f: 6 },
        ],
      },
      { opType: 'Mul', input: ['a1', 'cl'], output: ['hm'] },
      { opType: 'Div', input: ['hm', 'six'], output: ['hs'] },
      { opType: 'Mul', input: ['k2', 'hs'], output: ['m2'] },
      { opType: 'Add', input: ['m2', 's2'], output: ['a2'] },
      last === 'pointwise' ? conv('a2', 'w1', 'b1', 'y', 1) : conv('a2', 'wd', 'bd', 'y', 3, C),
    ],
    C,
  );
}

async function outputs(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const result = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, dims) });
  const data = result[session.outputNames[0]!]!.data as Float32Array;
  await session.release();
  return data;
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

const randomInput = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 2);

test('the rewrites fire on a PP-LCNetV3 block and leave its output unchanged', async () => {
  const original = lcnetBlock('pointwise');
  const { bytes, report } = optimiseModel(original);
  assert.deepEqual(report, { affineIntoConv: 1, hardSwish: 1, affineIntoPointwiseConv: 1, affineAsBatchNorm: 0 });
  const input = randomInput(2 * 7 * 9);
  assert.ok(
    maxDifference(await outputs(original, input, [1, 2, 7, 9]), await outputs(bytes, input, [1, 2, 7, 9])) < 1e-5,
  );
});

test('a scale/shift before a padded depthwise convolution is not folded (it would be wrong at the border) but becomes a BatchNormalization', async () => {
  const original = lcnetBlock('depthwise');
  const { bytes, report } = optimiseModel(original);
  assert.deepEqual(report, { affineIntoConv: 1, hardSwish: 1, affineIntoPointwiseConv: 0, affineAsBatchNorm: 1 });
  const ops = onnx.ModelProto.decode(bytes).graph!.node!.map((n) => n.opType);
  assert.equal(ops.filter((op) => op === 'BatchNormalization').length, 1);
  assert.equal(ops.filter((op) => op === 'Add').length, 0, ops.join(' '));
  const input = randomInput(2 * 7 * 9);
  assert.ok(
    maxDifference(await outputs(original, input, [1, 2, 7, 9]), await outputs(bytes, input, [1, 2, 7, 9])) < 1e-5,
  );
});

test('a scale/shift read by a squeeze-excitation branch takes its channel count from the convolution before it', async () => {
  const C = 3;
  const original = model(
    [
      constant(
        'w',
        Array.from({ length: C * C }, (_, i) => Math.cos(i)),
        [C, C, 1, 1],
      ),
      constant('b', [0.1, 0, -0.1], [C]),
      constant('k', [1.5], []),
      constant('s', [-0.5], []),
      conv('x', 'w', 'b', 'c', 1),
      { opType: 'Relu', input: ['c'], output: ['r'] },
      { opType: 'Mul', input: ['r', 'k'], output: ['m'] },
      { opType: 'Add', input: ['m', 's'], output: ['a'] },
      { opType: 'GlobalAveragePool', input: ['a'], output: ['g'] },
      { opType: 'Sigmoid', input: ['g'], output: ['e'] },
      { opType: 'Mul', input: ['a', 'e'], output: ['y'] },
    ],
    C,
  );
  const { bytes, report } = optimiseModel(original);
  assert.equal(report.affineAsBatchNorm, 1);
  const input = randomInput(C * 5 * 6);
  assert.ok(
    maxDifference(await outputs(original, input, [1, C, 5, 6]), await outputs(bytes, input, [1, C, 5, 6])) < 1e-5,
  );
});

for (const [name, pick, dims] of [
  ['detection', (p: ReturnType<typeof bundledPack>) => p.det, [1, 3, 96, 128]],
  ['recognition', (p: ReturnType<typeof bundledPack>) => p.rec, [1, 3, 48, 160]],
  ['angle classification', (p: ReturnType<typeof bundledPack>) => p.cls, [1, 3, 48, 192]],
] as const) {
  test(`the bundled ${name} model gives the same output after the rewrites`, async () => {
    const original = readFileSync(pick(bundledPack()));
    const { bytes, report } = optimiseModel(original);
    assert.ok(report.hardSwish > 0, JSON.stringify(report));
    // PP-LCNetV3 (det and rec) leaves scale/shift pairs before its depthwise convs; cls is MobileNetV3.
    if (name !== 'angle classification') assert.ok(report.affineAsBatchNorm > 0, JSON.stringify(report));
    const input = randomInput(dims.reduce((a: number, b: number) => a * b, 1));
    assert.ok(maxDifference(await outputs(original, input, [...dims]), await outputs(bytes, input, [...dims])) < 1e-4);
  });
}
