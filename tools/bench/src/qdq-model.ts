import onnxProto from 'onnx-proto';
import { tensorFloats } from '@ocr-pool/ocr-engine';

/**
 * A model's convolutions in QDQ form, for timing only: every convolution with constant weights gets
 * a QuantizeLinear/DequantizeLinear pair on its input and output (uint8, one scale per tensor) and
 * int8 weights and int32 bias behind DequantizeLinear, which onnxruntime fuses into `QLinearConv`.
 * Scales are rough (weights by their largest magnitude, activations a fixed 8/255 range): the
 * outputs are not meant to be read, only the run time measured. Everything between the
 * convolutions (PP-LCNetV3's hard-swish, the SVTR neck) stays in float. PaddleOCR's exports are
 * opset 9, where `QLinearConv` does not exist yet: the model moves to opset 10, whose only change
 * that matters here is `Slice` taking its bounds as inputs.
 */
const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
type Tensor = onnxProto.onnx.ITensorProto;
type Node = onnxProto.onnx.INodeProto;

const ACTIVATION_SCALE = 8 / 255;

export function qdqConvolutions(bytes: Uint8Array): { bytes: Uint8Array; quantised: number } {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph ?? {};
  const initializers = graph.initializer ?? [];
  const byName = new Map(initializers.map((t) => [t.name ?? '', t]));
  const nodes: Node[] = [];
  let serial = 0;
  const constant = (prefix: string, tensor: Omit<Tensor, 'name'>): string => {
    const name = `${prefix}_${serial++}`;
    initializers.push({ ...tensor, name });
    return name;
  };
  const activationScale = (): [string, string] => [
    constant('act_scale', { dataType: T.FLOAT, dims: [], floatData: [ACTIVATION_SCALE] }),
    constant('act_zero', { dataType: T.UINT8, dims: [], rawData: Uint8Array.of(128) }),
  ];
  const roundTrip = (input: string, output: string): void => {
    const [scale, zero] = activationScale();
    const quantised = `${output}_u8`;
    nodes.push(
      { opType: 'QuantizeLinear', input: [input, scale, zero], output: [quantised] },
      { opType: 'DequantizeLinear', input: [quantised, scale, zero], output: [output] },
    );
  };
  const inputQdq = new Map<string, string>();
  let quantised = 0;

  for (const node of graph.node ?? []) {
    const [x = '', w = '', b] = node.input ?? [];
    const weights = byName.get(w);
    if (node.opType === 'Conv' && weights) {
      let xq = inputQdq.get(x);
      if (!xq) {
        xq = `${x}_qdq`;
        roundTrip(x, xq);
        inputQdq.set(x, xq);
      }
      const values = tensorFloats(weights) ?? new Float32Array();
      const weightScale = values.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-8) / 127;
      const int8 = Int8Array.from(values, (v) => Math.round(v / weightScale));
      const wq = `${w}_dq`;
      nodes.push({
        opType: 'DequantizeLinear',
        input: [
          constant('w_int8', { dataType: T.INT8, dims: weights.dims ?? [], rawData: new Uint8Array(int8.buffer) }),
          constant('w_scale', { dataType: T.FLOAT, dims: [], floatData: [weightScale] }),
          constant('w_zero', { dataType: T.INT8, dims: [], rawData: new Uint8Array(1) }),
        ],
        output: [wq],
      });
      const inputs = [xq, wq];
      const bias = b ? byName.get(b) : undefined;
      if (bias) {
        const biasScale = weightScale * ACTIVATION_SCALE;
        const bq = `${b}_dq`;
        nodes.push({
          opType: 'DequantizeLinear',
          input: [
            constant('b_int32', {
              dataType: T.INT32,
              dims: bias.dims ?? [],
              int32Data: Array.from(tensorFloats(bias) ?? [], (v) => Math.round(v / biasScale)),
            }),
            constant('b_scale', { dataType: T.FLOAT, dims: [], floatData: [biasScale] }),
            constant('b_zero', { dataType: T.INT32, dims: [], int32Data: [0] }),
          ],
          output: [bq],
        });
        inputs.push(bq);
      }
      const output = node.output?.[0] ?? '';
      nodes.push({ ...node, input: inputs, output: [`${output}_float`] });
      roundTrip(`${output}_float`, output);
      inputQdq.set(output, output);
      quantised++;
    } else if (node.opType === 'Slice' && node.attribute?.length) {
      const ints = (name: string): number[] | undefined =>
        node.attribute?.find((a) => a.name === name)?.ints?.map((v) => Number(v));
      const bounds = (['starts', 'ends', 'axes'] as const).flatMap((name) => {
        const values = ints(name);
        return values
          ? [constant(`slice_${name}`, { dataType: T.INT64, dims: [values.length], int64Data: values })]
          : [];
      });
      nodes.push({ ...node, input: [node.input?.[0] ?? '', ...bounds], attribute: [] });
    } else {
      nodes.push(node);
    }
  }
  graph.node = nodes;
  model.opsetImport = [{ domain: '', version: 10 }];
  return { bytes: onnx.ModelProto.encode(model).finish(), quantised };
}
