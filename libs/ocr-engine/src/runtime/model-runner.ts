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
