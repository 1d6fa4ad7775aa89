import type { CtcSteps } from '../recognize/ctc-steps.js';

/**
 * What a pipeline stage needs from an inference backend: run one float tensor through one model.
 * Stages depend on this interface only, so they never know whether onnxruntime runs on CPU or
 * CUDA, in this thread or another.
 */
export interface TensorOutput {
  data: Float32Array;
  dims: readonly number[];
}

export interface ModelRunner {
  run(input: Float32Array, dims: readonly number[]): Promise<TensorOutput>;
  release(): Promise<void>;
}

/**
 * The recogniser's runner: its graph ends in the per-step summary greedy decoding reads
 * (`graph/ctc-step-summary.ts`), not in the softmax.
 */
export interface RecogniserRunner {
  /** `allowed` is `lines x classes`: 1 where a line's language allows the class, else 0. */
  read(input: Float32Array, dims: readonly number[], allowed: Float32Array): Promise<CtcSteps>;
  release(): Promise<void>;
}
