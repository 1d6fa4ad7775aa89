import { type NodeProto, type OnnxGraph, scalarOperand } from './onnx-graph.js';

/**
 * `Conv -> Mul(k) -> Add(b)` becomes one `Conv` with weights `k*W` and bias `k*B + b`. PP-LCNetV3
 * (the PP-OCRv4 backbone) puts a learnable scale and shift after every convolution, exported as
 * two whole-tensor passes each; folding them into the convolution is exact.
 */
export function foldAffineIntoConv(graph: OnnxGraph): number {
  const dead = new Set<NodeProto>();
  let folded = 0;
  for (const conv of graph.nodes) {
    if (conv.opType !== 'Conv' || dead.has(conv)) continue;
    const [input, weightName, biasName] = conv.input ?? [];
    const output = conv.output?.[0];
    if (!input || !weightName || !output) continue;
    const mul = graph.soleConsumer(output);
    const scale = mul && scalarOperand(graph, mul, 'Mul');
    const add = scale && mul.output?.[0] ? graph.soleConsumer(mul.output[0]) : undefined;
    const shift = add && scalarOperand(graph, add, 'Add');
    const weights = graph.floats(weightName),
      dims = graph.dims(weightName);
    if (!mul || !scale || !add || !shift || !weights || !dims) continue;
    const outChannels = dims[0]!;
    const bias = biasName ? graph.floats(biasName) : new Float32Array(outChannels);
    if (!bias || bias.length !== outChannels) continue;
    const w = weights.map((v) => v * scale.k);
    const b = bias.map((v) => v * scale.k + shift.k);
    conv.input = [
      input,
      graph.addConstant(weightName, w, dims),
      graph.addConstant(`${weightName}_bias`, b, [outChannels]),
    ];
    conv.output = [add.output![0]!];
    dead.add(mul).add(add);
    folded++;
  }
  graph.remove(dead);
  return folded;
}
