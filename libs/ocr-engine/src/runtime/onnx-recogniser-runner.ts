import ort from 'onnxruntime-node';
import type { RecogniserRunner } from './model-runner.js';
import type { SecondsCounter } from './inference-usage.js';
import type { CtcSteps } from '../recognize/ctc-steps.js';
import { CTC_ALLOWED_INPUT, CTC_OUTPUTS, type CtcSummarySpec } from './graph/ctc-step-summary.js';

/** `RecogniserRunner` over a session whose graph ends in the CTC step summary; run time goes to `clock`. */
export class OnnxRecogniserRunner implements RecogniserRunner {
  private readonly inputName: string;

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly spec: CtcSummarySpec,
    private readonly clock: SecondsCounter,
  ) {
    const image = session.inputNames.find((name) => name !== CTC_ALLOWED_INPUT);
    if (!image || !session.inputNames.includes(CTC_ALLOWED_INPUT)) {
      throw new Error(`the recogniser session has no ${CTC_ALLOWED_INPUT} input: build it with addCtcStepSummary`);
    }
    this.inputName = image;
  }

  async read(input: Float32Array, dims: readonly number[], allowed: Float32Array): Promise<CtcSteps> {
    const lines = dims[0]!;
    const feeds = {
      [this.inputName]: new ort.Tensor('float32', input, dims),
      [CTC_ALLOWED_INPUT]: new ort.Tensor('float32', allowed, [lines, 1, allowed.length / lines]),
    };
    const out = await this.clock.time(() => this.session.run(feeds));
    const best = out[CTC_OUTPUTS.best]!;
    return {
      lines,
      steps: best.dims[1]!,
      best: best.data as Int32Array,
      bestProb: out[CTC_OUTPUTS.bestProb]!.data as Float32Array,
      spaceProb: out[CTC_OUTPUTS.spaceProb]?.data as Float32Array | undefined,
      alikeProbs: out[CTC_OUTPUTS.alikeProbs]?.data as Float32Array | undefined,
      alikeClasses: this.spec.alikeClasses,
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
