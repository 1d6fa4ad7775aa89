/**
 * A one-shot countdown: `passed` settles once `arrive()` has been called `count` times. The
 * engine uses it to hold a batch's reads until every page of the batch has been detected, so the
 * reads reach the inference pool together and can share recogniser batches.
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
}
