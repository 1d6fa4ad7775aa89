import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcrError } from '@ocr-pool/contracts';
import { QueueDepthGuard } from './queue-depth-guard.js';

test('admits up to the limit, counting its own admissions between reads, then refuses with Retry-After', async () => {
  let reads = 0;
  const guard = new QueueDepthGuard(() => Promise.resolve((reads++, 8)), 10, 3, 60_000);
  await guard.admit();
  await guard.admit();
  await assert.rejects(
    guard.admit(),
    (e: unknown) => e instanceof OcrError && e.code === 'QUEUE_FULL' && e.details.retry_after_seconds === 3,
  );
  assert.equal(reads, 1);
});

test('requests admitted at once share one read and together stay within the limit', async () => {
  let reads = 0;
  const guard = new QueueDepthGuard(
    () => new Promise((resolve) => setTimeout(() => resolve((reads++, 0)), 20)),
    2,
    1,
    60_000,
  );
  const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => guard.admit()));
  assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2);
  assert.equal(reads, 1);
});
