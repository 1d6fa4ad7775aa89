import { type NodeProto, type OnnxGraph, scaleShiftAt } from './onnx-graph.js';

/**
 * `Mul(k) -> Add(b) -> Conv 1x1` becomes one `Conv` with weights `k*W` and bias
 * `B + b * sum(W)`. Exact only for 1x1 convolutions without padding (a padded border would see
 * `b` where the original saw zero), so 3x3 and depthwise convolutions are left alone.
 */
export function foldAffineIntoPointwiseConv(graph: OnnxGraph): number {
  const dead = new Set<NodeProto>();
  let folded = 0;
  for (const node of graph.nodes) {
    if (dead.has(node)) continue;
    const pair = scaleShiftAt(graph, node);
    if (!pair) continue;
    const conv = graph.soleConsumer(pair.output);
    if (conv?.opType !== 'Conv' || conv.input?.[0] !== pair.output || !isPointwise(graph, conv)) continue;
    const weightName = conv.input[1],
      biasName = conv.input[2];
    const weights = weightName ? graph.floats(weightName) : undefined;
    const dims = weightName ? graph.dims(weightName) : undefined;
    if (!weightName || !weights || !dims) continue;
    const outChannels = dims[0]!,
      perOutput = weights.length / outChannels;
    const bias = biasName ? graph.floats(biasName) : new Float32Array(outChannels);
    if (!bias || bias.length !== outChannels) continue;
    const w = weights.map((v) => v * pair.k);
    const b = new Float32Array(outChannels);
    for (let o = 0; o < outChannels; o++) {
      let sum = 0;
      for (let i = 0; i < perOutput; i++) sum += weights[o * perOutput + i]!;
      b[o] = bias[o]! + pair.b * sum;
    }
    conv.input = [
      pair.input,
      graph.addConstant(weightName, w, dims),
      graph.addConstant(`${weightName}_bias`, b, [outChannels]),
    ];
    dead.add(pair.mul).add(pair.add);
    folded++;
  }
  graph.remove(dead);
  return folded;
}

function isPointwise(graph: OnnxGraph, conv: NodeProto): boolean {
  const kernel = graph.intsAttribute(conv, 'kernel_shape');
  const group = graph.intAttribute(conv, 'group');
  const pads = graph.intsAttribute(conv, 'pads') ?? [];
  const weightDims = graph.dims(conv.input?.[1] ?? '');
  const kernelIsOne = (kernel ?? weightDims?.slice(2) ?? []).every((k) => k === 1);
  return kernelIsOne && (group === undefined || group === 1) && pads.every((p) => p === 0);
}
