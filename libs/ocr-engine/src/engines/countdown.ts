import type { BatchGate } from '../pipeline/page-detector.js';

/**
 * A one-shot countdown: `passed` settles once `arrive()` has been called `count` times. The
 * engine uses it to hold a batch's classifying and reading until every page of the batch has got
 * that far, so the pages' tasks reach the inference pool together and can share model batches.
 */
export class Countdown {
  readonly passed: Promise<void>;
  private left: number;
  private open!: () => void;

  constructor(count: number) {
    this.left = count;
    this.passed = new Promise((resolve) => (this.open = resolve));
    if (count <= 0) this.open();
  }

  arrive(): void {
    if (this.left > 0 && --this.left === 0) this.open();
  }

  /** One participant's view of the countdown: its arrival counts once however often it arrives. */
  gate(): BatchGate {
    let arrived = false;
    return {
      arrive: () => {
        if (arrived) return;
        arrived = true;
        this.arrive();
      },
      passed: this.passed,
    };
  }
}
