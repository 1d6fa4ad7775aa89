import onnxProto from 'onnx-proto';
import { OnnxGraph } from './onnx-graph.js';

/**
 * Ends a CTC recogniser in what greedy decoding reads (`recognize/ctc-steps.ts`) instead of its
 * whole softmax. A long line's softmax is 200 steps x 6,625 classes, 5.3 MB: onnxruntime-node
 * copies it into a fresh JavaScript buffer each run, the decoder scans it, and the collector
 * frees it (about 235 MB per large page of the eval set); on a GPU it is a device-to-host copy of
 * up to 170 MB per batch. The summary is a few values per step.
 *
 * The graph gains an input, `allowed_classes` (`lines x 1 x classes`, 1 where the line's language
 * allows a class, else 0), and its outputs become:
 * - `ctc_best` (int32, `lines x steps`): argmax of the softmax times `allowed_classes`; ArgMax takes
 *   the first of equal values, as the decoder's scan did;
 * - `ctc_best_prob` (`lines x steps`): that class's softmax probability;
 * - `ctc_space_prob` (`lines x steps x 1`), with a space class;
 * - `ctc_alike_probs` (`lines x steps x alikes`), with look-alike classes.
 * Opset 9 operators only, so it applies to the float model as exported and to its int8 form.
 */
const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

export const CTC_ALLOWED_INPUT = 'allowed_classes';
export const CTC_OUTPUTS = {
  best: 'ctc_best',
  bestProb: 'ctc_best_prob',
  spaceProb: 'ctc_space_prob',
  alikeProbs: 'ctc_alike_probs',
} as const;

export interface CtcSummarySpec {
  /** Class index of the space, or -1 for none. */
  spaceIndex: number;
  alikeClasses: readonly number[];
}

export function addCtcStepSummary(bytes: Uint8Array, { spaceIndex, alikeClasses }: CtcSummarySpec): Uint8Array {
  const graph = new OnnxGraph(bytes);
  const outputs = graph.outputNames();
  const probs = outputs[0] ?? '';
  const softmax = graph.producer(probs);
  if (outputs.length !== 1 || softmax?.opType !== 'Softmax' || graph.intAttribute(softmax, 'axis') !== 2) {
    throw new Error(
      `a CTC recogniser must end in one Softmax over axis 2 (lines x steps x classes); this one has outputs ${outputs.join(', ')}`,
    );
  }
  const masked = 'ctc_allowed_probs';
  const best64 = 'ctc_best_int64';
  const ints = (name: string, values: readonly number[]): onnxProto.onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints: [...values],
  });
  const int = (name: string, value: number): onnxProto.onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INT,
    i: value,
  });

  graph.addInput(CTC_ALLOWED_INPUT, T.FLOAT, ['lines', 1, 'classes']);
  graph.nodes.push(
    { opType: 'Mul', input: [probs, CTC_ALLOWED_INPUT], output: [masked] },
    { opType: 'ArgMax', input: [masked], output: [best64], attribute: [int('axis', 2), int('keepdims', 0)] },
    { opType: 'Cast', input: [best64], output: [CTC_OUTPUTS.best], attribute: [int('to', T.INT32)] },
    {
      opType: 'ReduceMax',
      input: [masked],
      output: [CTC_OUTPUTS.bestProb],
      attribute: [ints('axes', [2]), int('keepdims', 0)],
    },
  );
  const summary: Array<{ name: string; elemType: number }> = [
    { name: CTC_OUTPUTS.best, elemType: T.INT32 },
    { name: CTC_OUTPUTS.bestProb, elemType: T.FLOAT },
  ];
  if (spaceIndex >= 0) {
    graph.nodes.push({
      opType: 'Gather',
      input: [probs, graph.addInt64s('ctc_space_class', [spaceIndex])],
      output: [CTC_OUTPUTS.spaceProb],
      attribute: [int('axis', 2)],
    });
    summary.push({ name: CTC_OUTPUTS.spaceProb, elemType: T.FLOAT });
  }
  if (alikeClasses.length > 0) {
    graph.nodes.push({
      opType: 'Gather',
      input: [probs, graph.addInt64s('ctc_alike_classes', alikeClasses)],
      output: [CTC_OUTPUTS.alikeProbs],
      attribute: [int('axis', 2)],
    });
    summary.push({ name: CTC_OUTPUTS.alikeProbs, elemType: T.FLOAT });
  }
  graph.setOutputs(summary);
  graph.commit();
  return graph.encode();
}
