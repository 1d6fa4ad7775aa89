import ort from 'onnxruntime-node';
import type { ModelRunner, TensorOutput } from './model-runner.js';
import type { SecondsCounter } from './inference-usage.js';

/** `ModelRunner` over one onnxruntime session with a single float input and output; its run time goes to `clock`. */
export class OnnxModelRunner implements ModelRunner {
  private readonly inputName: string;
  private readonly outputName: string;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly clock: SecondsCounter,
  ) {
    this.inputName = session.inputNames[0]!;
    this.outputName = session.outputNames[0]!;
  }

  async run(input: Float32Array, dims: readonly number[]): Promise<TensorOutput> {
    const feeds = { [this.inputName]: new ort.Tensor('float32', input, dims) };
    const result = await this.clock.time(() => this.session.run(feeds));
    const output = result[this.outputName]!;
    const data = output.data as Float32Array;
    return { data, dims: output.dims };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
