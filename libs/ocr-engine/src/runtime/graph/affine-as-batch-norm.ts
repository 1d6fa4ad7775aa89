import { type NodeProto, OnnxGraph, scaleShiftAt } from './onnx-graph.js';

/**
 * `Mul(k) -> Add(b)` pairs that no fold could absorb (those before a padded depthwise conv, and
 * those feeding a squeeze-excitation branch) become one `BatchNormalization` with scale `k`,
 * bias `b`, mean 0 and variance `1 - eps`: the same arithmetic. What changes is the layout:
 * onnxruntime's blocked (NCHWc) pass turns a BatchNormalization into a blocked 1x1 depthwise
 * conv, but has no blocked form for elementwise ops with a scalar, so each pair used to cost a
 * reorder out of the blocked layout, two whole-tensor passes and a reorder back. On the
 * PP-OCRv4 recogniser that was a sixth of its time (BENCHMARKS.md, "Model run time").
 *
 * A BatchNormalization needs the channel count, so a pair is rewritten only where a convolution
 * tells it: one reading the pair's output, or the one whose output reaches the pair through
 * channel-preserving elementwise ops.
 */
const EPSILON = 1e-5;
const CHANNEL_PRESERVING = new Set(['Mul', 'Add', 'Sub', 'Div', 'HardSigmoid', 'Sigmoid', 'Relu', 'Clip', 'HardSwish']);

export function affineAsBatchNorm(graph: OnnxGraph): number {
  const dead = new Set<NodeProto>();
  let rewritten = 0;
  for (const node of graph.nodes) {
    if (dead.has(node)) continue;
    const pair = scaleShiftAt(graph, node);
    if (!pair) continue;
    const channels = channelsAfter(graph, pair.output) ?? channelsBefore(graph, pair.input);
    if (channels === undefined) continue;

    const filled = (value: number): Float32Array => new Float32Array(channels).fill(value);
    const { mul } = pair;
    mul.opType = 'BatchNormalization';
    mul.input = [
      pair.input,
      graph.addConstant('affine_scale', filled(pair.k), [channels]),
      graph.addConstant('affine_bias', filled(pair.b), [channels]),
      graph.addConstant('affine_mean', filled(0), [channels]),
      graph.addConstant('affine_variance', filled(1 - EPSILON), [channels]),
    ];
    mul.output = [pair.output];
    mul.attribute = [OnnxGraph.floatAttribute('epsilon', EPSILON)];
    dead.add(pair.add);
    rewritten++;
  }
  graph.remove(dead);
  return rewritten;
}

/** Input channels of a convolution that reads `value` as its data input. */
function channelsAfter(graph: OnnxGraph, value: string): number | undefined {
  for (const node of graph.consumers(value)) {
    if (node.opType !== 'Conv' || node.input?.[0] !== value) continue;
    const dims = graph.dims(node.input[1] ?? '');
    if (dims?.length === 4) return dims[1]! * (graph.intAttribute(node, 'group') ?? 1);
  }
  return undefined;
}

/** Output channels of the convolution that `value` comes from through channel-preserving ops. */
function channelsBefore(graph: OnnxGraph, value: string, depth = 0): number | undefined {
  const node = graph.producer(value);
  if (!node || depth > 8) return undefined;
  if (node.opType === 'Conv') {
    const dims = graph.dims(node.input?.[1] ?? '');
    return dims?.length === 4 ? dims[0] : undefined;
  }
  if (!CHANNEL_PRESERVING.has(node.opType ?? '')) return undefined;
  for (const input of node.input ?? []) {
    if (graph.dims(input) !== undefined) continue; // a constant operand
    const channels = channelsBefore(graph, input, depth + 1);
    if (channels !== undefined) return channels;
  }
  return undefined;
}
