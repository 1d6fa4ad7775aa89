import { type NodeProto, OnnxGraph, scalarOperand } from './onnx-graph.js';

/**
 * `x * Clip(x + 3, 0, 6) / 6` (hard-swish as opset 9-11 exporters write it: four whole-tensor
 * passes) becomes `x * HardSigmoid(x; 1/6, 0.5)`, the same function in two, and one that
 * onnxruntime fuses into the preceding convolution in its blocked (NCHWc) layout.
 */
export function fuseHardSwish(graph: OnnxGraph): number {
  const dead = new Set<NodeProto>();
  let fused = 0;
  for (const add of graph.nodes) {
    if (dead.has(add)) continue;
    const plus = scalarOperand(graph, add, 'Add');
    if (!plus || plus.k !== 3 || !add.output?.[0]) continue;
    const clip = graph.soleConsumer(add.output[0]);
    if (clip?.opType !== 'Clip' || !clip.output?.[0] || !clipsTo(graph, clip, 0, 6)) continue;
    const mul = graph.soleConsumer(clip.output[0]);
    if (mul?.opType !== 'Mul' || !mul.output?.[0]) continue;
    const operands = mul.input ?? [];
    if (!(operands.includes(plus.x) && operands.includes(clip.output[0]))) continue;
    const div = graph.soleConsumer(mul.output[0]);
    if (div?.opType !== 'Div' || div.input?.[0] !== mul.output[0] || graph.scalar(div.input[1] ?? '') !== 6) continue;

    add.opType = 'HardSigmoid';
    add.input = [plus.x];
    add.attribute = [OnnxGraph.floatAttribute('alpha', 1 / 6), OnnxGraph.floatAttribute('beta', 0.5)];
    mul.input = [plus.x, add.output[0]];
    mul.output = [div.output![0]!];
    dead.add(clip).add(div);
    fused++;
  }
  graph.remove(dead);
  return fused;
}

/** Whether a Clip bounds to [lo, hi], with the bounds as attributes (opset < 11) or inputs. */
function clipsTo(graph: OnnxGraph, clip: NodeProto, lo: number, hi: number): boolean {
  const attrMin = graph.attribute(clip, 'min'),
    attrMax = graph.attribute(clip, 'max');
  const min = attrMin ? attrMin.f : graph.scalar(clip.input?.[1] ?? '');
  const max = attrMax ? attrMax.f : graph.scalar(clip.input?.[2] ?? '');
  return min === lo && max === hi;
}
