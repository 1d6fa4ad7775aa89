import { type NodeProto, type OnnxGraph, scaleShiftAt } from './onnx-graph.js';

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
    const pair = scaleShiftAt(graph, graph.soleConsumer(output));
    const weights = graph.floats(weightName),
      dims = graph.dims(weightName);
    if (!pair || !weights || !dims) continue;
    const outChannels = dims[0]!;
    const bias = biasName ? graph.floats(biasName) : new Float32Array(outChannels);
    if (!bias || bias.length !== outChannels) continue;
    const w = weights.map((v) => v * pair.k);
    const b = bias.map((v) => v * pair.k + pair.b);
    conv.input = [
      input,
      graph.addConstant(weightName, w, dims),
      graph.addConstant(`${weightName}_bias`, b, [outChannels]),
    ];
    conv.output = [pair.output];
    dead.add(pair.mul).add(pair.add);
    folded++;
  }
  graph.remove(dead);
  return folded;
}
