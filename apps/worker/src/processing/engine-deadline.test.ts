import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeEngine, type OcrEngine, type OcrOutcome, type OcrRequest } from '@ocr-pool/ocr-engine';
import { EngineDeadline } from './engine-deadline.js';

const limits = { maxBytes: 1 << 20, maxPixels: 1 << 24 };
const request: OcrRequest = {
  image: new Uint8Array([1, 2, 3]),
  options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true },
};

/** An engine whose inference never comes back, as a thread stuck in a native call. */
class StuckEngine extends FakeEngine {
  calls = 0;
  override recognize(): Promise<OcrOutcome[]> {
    this.calls++;
    return new Promise<OcrOutcome[]>(() => undefined);
  }
}

test('a call past the deadline fails its images with ENGINE_FAILURE, and the engine counts as stuck from then on', async () => {
  const stuck: number[] = [];
  const inner = new StuckEngine({ limits });
  const engine: OcrEngine = new EngineDeadline(inner, 50, (ms) => stuck.push(ms));
  assert.equal(engine.healthy?.(), true);
  // Two calls in flight when the engine sticks: both fail, one report.
  const [outcomes, other] = await Promise.all([engine.recognize([request, request]), engine.recognize([request])]);
  assert.equal(other[0]!.ok, false);
  assert.equal(outcomes.length, 2);
  for (const outcome of outcomes) {
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.match(`${outcome.error.code}: ${outcome.error.message}`, /^ENGINE_FAILURE: .*50 ms/);
  }
  assert.equal(engine.healthy?.(), false);
  assert.deepEqual(stuck, [50]);
  // Nothing more goes to the stuck engine.
  assert.equal((await engine.recognize([request]))[0]!.ok, false);
  assert.equal(inner.calls, 2);
  assert.deepEqual(stuck, [50]);
});

test('calls that answer in time pass through unchanged and leave no timer behind', async () => {
  const inner = new FakeEngine({ limits });
  const engine = new EngineDeadline(inner, 60_000);
  const direct = await inner.recognize([request]);
  assert.deepEqual(await engine.recognize([request]), direct);
  assert.equal(engine.healthy(), true);
  assert.deepEqual(engine.languages(), inner.languages());
  // The test process would stay up for a minute on a forgotten timer.
  assert.ok(!process.getActiveResourcesInfo().includes('Timeout'));
});
