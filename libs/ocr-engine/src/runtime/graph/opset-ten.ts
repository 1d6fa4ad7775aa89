import type { OnnxGraph } from './onnx-graph.js';

/** Operators of opset 9 whose opset-10 form reads the same graph the same way. */
const UNCHANGED_IN_10 = new Set([
  'Add',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Clip',
  'Concat',
  'Constant',
  'Conv',
  'Div',
  'Gemm',
  'GlobalAveragePool',
  'HardSigmoid',
  'Identity',
  'MatMul',
  'Mul',
  'Pow',
  'ReduceMean',
  'Relu',
  'Reshape',
  'Shape',
  'Sigmoid',
  'Softmax',
  'Sqrt',
  'Squeeze',
  'Sub',
  'Transpose',
  'Unsqueeze',
]);

/**
 * Moves a model from opset 9 to opset 10, which the int8 operators need (`QuantizeLinear`,
 * `QLinearConv`). PaddleOCR's exports are opset 9; of the operators in its recogniser only `Slice`
 * changed in 10 (its bounds moved from attributes to inputs). A model holding an operator whose
 * meaning changed in 10 and is not handled here is refused rather than silently altered.
 */
export function upgradeToOpset10(graph: OnnxGraph): void {
  const opset = graph.opset('') ?? 1;
  if (opset >= 10) return;
  for (const node of graph.nodes) {
    if (node.opType === 'Slice') {
      const bounds = (['starts', 'ends', 'axes'] as const).flatMap((name) => {
        const values = graph.intsAttribute(node, name);
        return values ? [graph.addInt64s(`slice_${name}`, values)] : [];
      });
      node.input = [node.input?.[0] ?? '', ...bounds];
      node.attribute = [];
    } else if (!UNCHANGED_IN_10.has(node.opType ?? '')) {
      throw new Error(`cannot move the model to opset 10: no rule for ${node.opType}`);
    }
  }
  graph.setOpset('', 10);
}
